import { parseArgs } from 'node:util';

import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { createDatabase } from '../db/database.js';
import { ensureDatabaseExists } from '../db/database-server.js';
import { assertMigrated, createMigrator } from '../db/migrator.js';

// Applies pending migrations to DATABASE_URL, creating the database when it is missing.
// `npm run migrate -- --down` reverts the newest migration instead.

const { values } = parseArgs({ options: { down: { type: 'boolean', default: false } } });
const config = loadConfig();
const logger = createLogger(config.logLevel);

if (await ensureDatabaseExists(config.databaseUrl)) {
  console.log(`Created database ${new URL(config.databaseUrl).pathname.slice(1)}`);
}

const db = createDatabase({ connectionString: config.databaseUrl, logger });
try {
  const migrator = createMigrator(db);
  const resultSet = values.down ? await migrator.migrateDown() : await migrator.migrateToLatest();
  for (const result of resultSet.results ?? []) {
    console.log(`${result.status.padEnd(8)} ${result.direction.padEnd(4)} ${result.migrationName}`);
  }
  if ((resultSet.results ?? []).length === 0) {
    console.log('Nothing to migrate');
  }
  assertMigrated(resultSet);
} finally {
  await db.destroy();
}
