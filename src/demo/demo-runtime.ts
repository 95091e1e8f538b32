import { createApiApp, type ApiApp } from '../app/api-app.js';
import { startWorkerApp } from '../app/worker-app.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import { createDatabase } from '../db/database.js';
import { ensureDatabaseExists } from '../db/database-server.js';
import { migrateToLatest } from '../db/migrator.js';
import { createSeedRegistry } from '../tasks/seed-tasks.js';

/** The API and a worker running in the demo's process. */
export interface DemoRuntime {
  /** `http://127.0.0.1:PORT/graphql` */
  url: string;
  /** The database was missing and the demo created it. */
  createdDatabase: boolean;
  /** Migrations applied by this run. */
  appliedMigrations: number;
  /** Stops the worker, then the API. */
  close(): Promise<void>;
}

/**
 * Creates the database when it is missing, migrates it, then starts the API on 127.0.0.1 and a
 * worker, both with the seed tasks.
 */
export async function startDemoRuntime(config: Config, logger: Logger): Promise<DemoRuntime> {
  const createdDatabase = await ensureDatabaseExists(config.databaseUrl);
  const appliedMigrations = await migrate(config, logger);

  const registry = createSeedRegistry();
  const api = await createApiApp({ config, logger, registry });
  try {
    const port = await api.server.listen(config.port, '127.0.0.1');
    const worker = await startWorkerApp({ config, logger, registry });

    return {
      url: `http://127.0.0.1:${port}/graphql`,
      createdDatabase,
      appliedMigrations,
      async close() {
        await worker.close();
        await api.close();
      },
    };
  } catch (error) {
    await closeQuietly(api);
    throw error;
  }
}

async function migrate(config: Config, logger: Logger): Promise<number> {
  const db = createDatabase({ connectionString: config.databaseUrl, logger, maxConnections: 1 });
  try {
    const resultSet = await migrateToLatest(db);

    return resultSet.results?.length ?? 0;
  } finally {
    await db.destroy();
  }
}

/** Closes the API after a failed start, keeping the start's error as the one reported. */
async function closeQuietly(api: ApiApp): Promise<void> {
  await api.close().catch(() => undefined);
}
