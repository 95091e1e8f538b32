import { createApiApp } from '../../src/app/api-app.js';
import { onShutdown } from '../../src/cli/shutdown.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/config/logger.js';
import { createTestRegistry } from './test-tasks.js';

// An API in a process of its own, with the test tasks, for tests about several API processes.
// Configured by the environment; prints "port N" once it listens.

const config = loadConfig();
const logger = createLogger(config.logLevel, 'test-api');
const app = await createApiApp({ config, logger, registry: createTestRegistry() });
const port = await app.server.listen(0, '127.0.0.1');
process.stdout.write(`port ${port}\n`);

onShutdown(logger, () => app.close());
