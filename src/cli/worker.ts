import { startWorkerApp } from '../app/worker-app.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { createSeedRegistry } from '../tasks/seed-tasks.js';
import { onShutdown } from './shutdown.js';

// Runs a task worker in its own process (`npm run worker`).

const config = loadConfig();
const logger = createLogger(config.logLevel, 'agentexec-worker');
const app = await startWorkerApp({ config, logger, registry: createSeedRegistry() });
logger.info(
  { concurrency: config.workerConcurrency, prefix: config.queuePrefix },
  'worker started',
);

onShutdown(logger, () => app.close());
