import { createApiApp } from '../app/api-app.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { createSeedRegistry } from '../tasks/seed-tasks.js';
import { onShutdown } from './shutdown.js';

// Serves the API alone (`npm start`); run workers with `npm run worker`.

const config = loadConfig();
const logger = createLogger(config.logLevel, 'agentexec-api');
const app = await createApiApp({ config, logger, registry: createSeedRegistry() });
const port = await app.server.listen(config.port, config.host);
logger.info({ url: `http://${config.host}:${port}/graphql` }, 'API listening');

onShutdown(logger, () => app.close());
