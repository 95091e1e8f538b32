import { processDocument } from './documents/process-document.js';
import type { AnyTaskDefinition } from './task-definition.js';
import { TaskRegistry } from './task-registry.js';

/** The tasks this service ships with. */
export const SEED_TASKS: readonly AnyTaskDefinition[] = [processDocument];

export function createSeedRegistry(): TaskRegistry {
  return new TaskRegistry(SEED_TASKS);
}
