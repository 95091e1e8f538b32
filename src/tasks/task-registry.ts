import type { AnyTaskDefinition } from './task-definition.js';

/** The tasks and pipelines a deployment can run, by name. API and workers share one. */
export class TaskRegistry {
  private readonly definitions = new Map<string, AnyTaskDefinition>();

  constructor(definitions: readonly AnyTaskDefinition[]) {
    for (const definition of definitions) {
      if (this.definitions.has(definition.name)) {
        throw new Error(`Task "${definition.name}" is defined twice`);
      }
      this.definitions.set(definition.name, definition);
    }
  }

  get(name: string): AnyTaskDefinition | undefined {
    return this.definitions.get(name);
  }

  names(): string[] {
    return [...this.definitions.keys()].sort();
  }
}
