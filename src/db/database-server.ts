import pg from 'pg';

/** `connectionString` with its database replaced by `name`. */
export function withDatabaseName(connectionString: string, name: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(name)}`;

  return url.toString();
}

/**
 * Creates the database named in `connectionString` when it does not exist, connecting to the
 * server's `postgres` database to do so. Returns true when it created one.
 */
export async function ensureDatabaseExists(connectionString: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(connectionString).pathname.slice(1));
  const found = await onServer(connectionString, 'select 1 from pg_database where datname = $1', [
    name,
  ]);
  if (found.rowCount !== 0) {
    return false;
  }

  await createDatabaseNamed(connectionString, name);

  return true;
}

/** Creates database `name` on the server of `connectionString`. */
export async function createDatabaseNamed(connectionString: string, name: string): Promise<void> {
  await onServer(connectionString, `create database ${pg.escapeIdentifier(name)}`);
}

/** Drops database `name` on the server of `connectionString`, closing its connections. */
export async function dropDatabaseNamed(connectionString: string, name: string): Promise<void> {
  await onServer(
    connectionString,
    `drop database if exists ${pg.escapeIdentifier(name)} with (force)`,
  );
}

/** Runs one statement on the server's `postgres` database. */
async function onServer(connectionString: string, statement: string, values: unknown[] = []) {
  const client = new pg.Client({
    connectionString: withDatabaseName(connectionString, 'postgres'),
  });
  await client.connect();
  try {
    return await client.query(statement, values);
  } finally {
    await client.end();
  }
}
