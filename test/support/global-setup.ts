import { Redis } from 'ioredis';
import pg from 'pg';

import { loadConfig } from '../../src/config/config.js';

// Fails the run at once, with the fix, when PostgreSQL or Redis is not reachable.
export default async function checkServices(): Promise<void> {
  const config = loadConfig(testEnvironment());
  const server = new URL(config.databaseUrl);
  server.pathname = '/postgres';

  const client = new pg.Client({ connectionString: server.toString() });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${server.host}: start it (see README)`, {
      cause: error,
    });
  } finally {
    await client.end().catch(() => undefined);
  }

  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis is not reachable at ${config.redisUrl}: start it (see README)`, {
      cause: error,
    });
  } finally {
    redis.disconnect();
  }
}

/** The environment tests run with: the process's, in test mode. */
export function testEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' };
}
