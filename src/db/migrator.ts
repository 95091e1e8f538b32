import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { FileMigrationProvider, Migrator, type Kysely, type MigrationResultSet } from 'kysely';

import type { Database } from './database-types.js';

const MIGRATION_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** A migrator over the project's `migrations/` folder. */
export function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATION_FOLDER }),
  });
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
  const name = failed?.migrationName ?? 'unknown migration';
  throw new Error(`Migration ${name} failed`, { cause: resultSet.error });
}
