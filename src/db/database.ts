import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

import type { Logger } from '../config/logger.js';
import type { Database } from './database-types.js';

export type { Database };

/** Options of {@link createDatabase}. */
export interface DatabaseOptions {
  connectionString: string;
  logger: Logger;
  /** Connections in the pool. Default: 10. */
  maxConnections?: number;
}

/** A Kysely instance over a pg pool; query errors and slow queries go to the process logger. */
export function createDatabase(options: DatabaseOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
  });
  pool.on('error', (error) => options.logger.error({ err: error }, 'idle database client failed'));

  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log(event) {
      if (event.level === 'error') {
        options.logger.debug({ err: event.error, sql: event.query.sql }, 'query failed');
      } else if (event.queryDurationMillis > 500) {
        options.logger.warn({ ms: event.queryDurationMillis, sql: event.query.sql }, 'slow query');
      }
    },
  });
}
