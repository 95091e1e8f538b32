import { createApiApp } from '../../src/app/api-app.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/config/logger.js';
import { createSeedRegistry } from '../../src/tasks/seed-tasks.js';
import { serveCommands } from './command-server.js';
import { sampleMemory } from './process-memory.js';

// One API process of the subscription bench: the real app, configured by the environment the
// bench hands it (its database, queue prefix and silent logs), serving on a free port.

const config = loadConfig();
const logger = createLogger(config.logLevel, 'bench-api');
const app = await createApiApp({ config, logger, registry: createSeedRegistry() });

serveCommands({
  listen: async () => ({ port: await app.server.listen(0, '127.0.0.1') }),
  stats: async () => app.services.streams.stats(),
  memory: async () => ({ memory: sampleMemory(), streams: app.services.streams.stats() }),
  close: async () => app.close(),
});
