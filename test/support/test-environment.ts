import { randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import { deleteKeysWithPrefix } from '../../src/app/redis-keys.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createLogger, type Logger } from '../../src/config/logger.js';
import { createDatabase } from '../../src/db/database.js';
import {
  createDatabaseNamed,
  dropDatabaseNamed,
  withDatabaseName,
} from '../../src/db/database-server.js';
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
  const databaseUrl = withDatabaseName(base.databaseUrl, name);
  await createDatabaseNamed(base.databaseUrl, name);

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
      await dropDatabaseNamed(base.databaseUrl, name);
      await deleteKeysWithPrefix(config.redisUrl, config.queuePrefix);
    },
  };
}
