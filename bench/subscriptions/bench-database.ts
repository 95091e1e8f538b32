import type { Kysely } from 'kysely';

import type { Logger } from '../../src/config/logger.js';
import { deleteKeysWithPrefix } from '../../src/app/redis-keys.js';
import { createDatabase } from '../../src/db/database.js';
import {
  createDatabaseNamed,
  dropDatabaseNamed,
  withDatabaseName,
} from '../../src/db/database-server.js';
import type { Database } from '../../src/db/database-types.js';
import { migrateToLatest } from '../../src/db/migrator.js';

/** A migrated database of the bench's own on the configured server. */
export interface BenchDatabase {
  name: string;
  /** The configured URL with this database's name. */
  url: string;
  db: Kysely<Database>;
  /** Closes the pool and drops the database, whoever is still connected to it. */
  drop(): Promise<void>;
}

/** Creates and migrates database `name` next to the one `serverUrl` names. */
export async function createBenchDatabase(
  serverUrl: string,
  name: string,
  logger: Logger,
): Promise<BenchDatabase> {
  await createDatabaseNamed(serverUrl, name);
  const url = withDatabaseName(serverUrl, name);
  const db = createDatabase({ connectionString: url, logger, maxConnections: 2 });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await dropDatabaseNamed(serverUrl, name);
    throw error;
  }

  return {
    name,
    url,
    db,
    async drop() {
      await db.destroy();
      await dropDatabaseNamed(serverUrl, name);
    },
  };
}

/** Deletes every Redis key under `prefix`, such as BullMQ's. */
export const deleteKeys = deleteKeysWithPrefix;
