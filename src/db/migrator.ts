import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';

import * as createActivityTables from '../../migrations/20261203000000_create_activity_tables.js';
import * as createIdempotencyKeys from '../../migrations/20261203090000_create_idempotency_keys.js';
import * as createSchedules from '../../migrations/20261203100000_create_schedules.js';
import * as createActivitySteps from '../../migrations/20261203110000_create_activity_steps.js';
import type { Database } from './database-types.js';

/**
 * Every migration, by name. Listed here rather than read from the folder at run time, because a
 * folder scan imports `.ts` files natively, which fails under vitest and in a compiled build.
 * Add each new file of `migrations/` here; a test checks that none is missing.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '20261203000000_create_activity_tables': createActivityTables,
  '20261203090000_create_idempotency_keys': createIdempotencyKeys,
  '20261203100000_create_schedules': createSchedules,
  '20261203110000_create_activity_steps': createActivitySteps,
};

/** A migrator over {@link MIGRATIONS}. */
export function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
}

/** Applies every pending migration; throws the first failure with the name of its migration. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const resultSet = await createMigrator(db).migrateToLatest();
  assertMigrated(resultSet);

  return resultSet;
}

/** Throws when a migration run ended in error, naming the migration that failed. */
export function assertMigrated(resultSet: MigrationResultSet): void {
  if (resultSet.error === undefined) {
    return;
  }

  const failed = resultSet.results?.find((result) => result.status === 'Error');
  const name = failed?.migrationName ?? 'the migration provider';
  throw new Error(`Migration ${name} failed`, { cause: resultSet.error });
}
