import { loadConfig, type Config } from '../config/config.js';

/** The database the demo uses when DATABASE_URL is unset, on the default server. */
export const DEMO_DATABASE = 'agentexec_demo';

/** The queue prefix the demo uses when QUEUE_PREFIX is unset. */
export const DEMO_QUEUE_PREFIX = 'agentexec-demo';

/**
 * The settings of `npm run demo`: {@link loadConfig} over the environment, with defaults of its own
 * so it never touches the data, the queues or the port of a running `npm start`. Unless set, the
 * database is {@link DEMO_DATABASE} on the default server, the queue prefix is
 * {@link DEMO_QUEUE_PREFIX}, the port is a free one (0) and the log level is `warn`.
 */
export function loadDemoConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig({
    ...environment,
    DATABASE_URL: environment.DATABASE_URL ?? defaultDemoDatabaseUrl(),
    QUEUE_PREFIX: environment.QUEUE_PREFIX ?? DEMO_QUEUE_PREFIX,
    PORT: environment.PORT ?? '0',
    LOG_LEVEL: environment.LOG_LEVEL ?? 'warn',
  });
}

/** The default DATABASE_URL with its database name replaced by {@link DEMO_DATABASE}. */
function defaultDemoDatabaseUrl(): string {
  // An empty environment yields every default, so the default URL is written down only once.
  const url = new URL(loadConfig({}).databaseUrl);
  url.pathname = `/${DEMO_DATABASE}`;

  return url.toString();
}
