// The package entry: what an application embedding agentexec-graphql imports.

export { createApiApp, type ApiApp, type ApiAppOptions } from './app/api-app.js';
export { startWorkerApp, type WorkerApp, type WorkerAppOptions } from './app/worker-app.js';
export { signToken, verifyToken, InvalidTokenError, type TokenClaims } from './auth/tokens.js';
export type { Viewer } from './auth/viewer.js';
export { loadConfig, type Config } from './config/config.js';
export { createLogger, type Logger } from './config/logger.js';
export type { Activity, ActivityChange, ActivityLogEntry } from './db/activity-record.js';
export { migrateToLatest } from './db/migrator.js';
export { OrganizationActivities } from './db/organization-activities.js';
export { ActivityFailedError, awaitResult } from './events/await-result.js';
export { definePipeline, type PipelineStep } from './tasks/pipeline.js';
export { SEED_TASKS, createSeedRegistry } from './tasks/seed-tasks.js';
export {
  defineTask,
  type AnyTaskDefinition,
  type TaskContext,
  type TaskDefinition,
} from './tasks/task-definition.js';
export { PermanentTaskError } from './tasks/task-errors.js';
export { TaskRegistry } from './tasks/task-registry.js';
