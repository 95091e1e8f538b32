import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import pg from 'pg';

import type { Logger } from '../../src/config/logger.js';
import { createDatabase } from '../../src/db/database.js';
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
  await adminQuery(serverUrl, `create database ${pg.escapeIdentifier(name)}`);
  const url = withDatabase(serverUrl, name);
  const db = createDatabase({ connectionString: url, logger, maxConnections: 2 });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await dropDatabase(serverUrl, name);
    throw error;
  }

  return {
    name,
    url,
    db,
    async drop() {
      await db.destroy();
      await dropDatabase(serverUrl, name);
    },
  };
}

/** Deletes every Redis key under `prefix`, such as BullMQ's. */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
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

function dropDatabase(serverUrl: string, name: string): Promise<void> {
  return adminQuery(serverUrl, `drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
}

function withDatabase(connectionString: string, name: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${name}`;

  return url.toString();
}

/** Runs one statement on the server's `postgres` database, for creating and dropping ours. */
async function adminQuery(connectionString: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(connectionString, 'postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
