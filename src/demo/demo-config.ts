import { loadConfig, type Config } from '../config/config.js';
import { withDatabaseName } from '../db/database-server.js';

/** The database the demo uses, on the server DATABASE_URL names (or the default one). */
export const DEMO_DATABASE = 'agentexec_demo';

/** The queue prefix the demo uses when QUEUE_PREFIX is unset. */
export const DEMO_QUEUE_PREFIX = 'agentexec-demo';

/**
 * The settings of `npm run demo`: {@link loadConfig} over the environment, with defaults of its own
 * so it never touches the data, the queues or the port of a running `npm start`. The database is
 * always {@link DEMO_DATABASE}, on the server of DATABASE_URL, unless DEMO_DATABASE_URL names
 * another; unless set, the queue prefix is {@link DEMO_QUEUE_PREFIX}, the port is a free one (0)
 * and the log level is `warn`.
 */
export function loadDemoConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const server = loadConfig({ ...environment, LOG_LEVEL: 'warn' }).databaseUrl;

  return loadConfig({
    ...environment,
    DATABASE_URL: environment.DEMO_DATABASE_URL ?? withDatabaseName(server, DEMO_DATABASE),
    QUEUE_PREFIX: environment.QUEUE_PREFIX ?? DEMO_QUEUE_PREFIX,
    PORT: environment.PORT ?? '0',
    LOG_LEVEL: environment.LOG_LEVEL ?? 'warn',
  });
}
