import { startWorkerApp } from '../../src/app/worker-app.js';
import { onShutdown } from '../../src/cli/shutdown.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/config/logger.js';
import { createTestRegistry } from './test-tasks.js';

// A worker in a process of its own, with the test tasks, for tests that kill it. Configured by
// the environment (DATABASE_URL, QUEUE_PREFIX, WORKER_LOCK_MS, ...); prints "ready" once started.

const config = loadConfig();
const logger = createLogger(config.logLevel, 'test-worker');
const app = await startWorkerApp({ config, logger, registry: createTestRegistry() });
process.stdout.write('ready\n');

// The same shutdown as `npm run worker`: SIGTERM finishes running jobs, then exits.
onShutdown(logger, () => app.close());
