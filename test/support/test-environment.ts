import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import pg from 'pg';

import { loadConfig, type Config } from '../../src/config/config.js';
import { createLogger, type Logger } from '../../src/config/logger.js';
import { createDatabase } from '../../src/db/database.js';
import type { Database } from '../../src/db/database-types.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { testEnvironment } from './global-setup.js';

/** A test file's own database and queue prefix, removed again by `cleanup`. */
export interface TestEnvironment {
  config: Config;
  logger: Logger;
  /** A connection for assertions on stored rows. */
  db: Kysely<Database>;
  cleanup(): Promise<void>;
}

/**
 * Creates a fresh, migrated database and a Redis key prefix for one test file, so files can run
 * in parallel and leave nothing behind.
 */
export async function createTestEnvironment(
  overrides: Partial<Config> = {},
  options: { migrate?: boolean } = {},
): Promise<TestEnvironment> {
  const base = loadConfig(testEnvironment());
  const suffix = randomBytes(5).toString('hex');
  const name = `agentexec_test_${suffix}`;
  const databaseUrl = withDatabase(base.databaseUrl, name);
  await adminQuery(base.databaseUrl, `create database ${name}`);

  const config: Config = {
    ...base,
    databaseUrl,
    queuePrefix: `agentexec-test-${suffix}`,
    ...overrides,
  };
  const logger = createLogger(config.logLevel, 'test');
  const db = createDatabase({ connectionString: databaseUrl, logger, maxConnections: 4 });
  if (options.migrate !== false) {
    await migrateToLatest(db);
  }

  return {
    config,
    logger,
    db,
    async cleanup() {
      await db.destroy();
      await adminQuery(base.databaseUrl, `drop database if exists ${name} with (force)`);
      await deleteKeys(config.redisUrl, config.queuePrefix);
    },
  };
}

function withDatabase(connectionString: string, name: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${name}`;

  return url.toString();
}

async function adminQuery(connectionString: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(connectionString, 'postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        await redis.unlink(...keys);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
