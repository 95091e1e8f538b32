import { readdir } from 'node:fs/promises';

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ActivityRecorder } from '../src/db/activity-recorder.js';
import { MIGRATIONS, createMigrator, migrateToLatest } from '../src/db/migrator.js';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment.js';

const ALL_TABLES = [
  'agentexec_activity',
  'agentexec_activity_log',
  'agentexec_activity_step',
  'agentexec_idempotency_key',
  'agentexec_organization_sequence',
  'agentexec_schedule',
];

let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment({}, { migrate: false });
});

afterAll(() => env.cleanup());

async function tables(): Promise<string[]> {
  const result = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' and tablename like 'agentexec_%'
    order by tablename
  `.execute(env.db);

  return result.rows.map((row) => row.tablename);
}

describe('migrations', () => {
  it('lists every file of migrations/ in the migrator', async () => {
    const files = (await readdir(new URL('../migrations', import.meta.url)))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.replace(/\.ts$/, ''));

    expect(Object.keys(MIGRATIONS).sort()).toEqual(files.sort());
  });

  it('run up, down to nothing and up again', async () => {
    await migrateToLatest(env.db);
    expect(await tables()).toEqual(ALL_TABLES);

    const migrator = createMigrator(env.db);
    for (let step = 0; step < Object.keys(MIGRATIONS).length; step += 1) {
      const result = await migrator.migrateDown();
      expect(result.error).toBeUndefined();
    }
    expect(await tables()).toEqual([]);

    await migrateToLatest(env.db);
    expect(await tables()).toEqual(ALL_TABLES);
  });
});

describe('the database', () => {
  const agentId = '11111111-1111-4111-8111-111111111111';

  beforeAll(async () => {
    await migrateToLatest(env.db);
    await new ActivityRecorder(env.db).create({
      agentId,
      agentType: 'echo',
      metadata: { organization_id: 'org-db', user_id: 'u' },
      message: 'Waiting to start',
    });
  });

  it('refuses any change to metadata after enqueue', async () => {
    await expect(
      sql`update agentexec_activity set metadata = '{"organization_id":"org-other"}' where agent_id = ${agentId}`.execute(
        env.db,
      ),
    ).rejects.toThrow(/immutable/);

    const row = await env.db
      .selectFrom('agentexec_activity')
      .select(['organization_id', 'metadata'])
      .where('agent_id', '=', agentId)
      .executeTakeFirstOrThrow();
    expect(row.organization_id).toBe('org-db');
  });

  it('refuses metadata without an organization', async () => {
    await expect(
      sql`insert into agentexec_activity (agent_id, agent_type, metadata, status)
          values (gen_random_uuid(), 'echo', '{"user_id":"u"}', 'QUEUED')`.execute(env.db),
    ).rejects.toThrow(/organization_id/);
  });

  it('refuses to move a final status back, and the recorder never asks it to', async () => {
    const recorder = new ActivityRecorder(env.db);
    await recorder.start(agentId, 1, 'Started');
    expect(await recorder.complete(agentId, { ok: true }, 'Completed')).not.toBeNull();

    expect(await recorder.start(agentId, 2, 'Started again')).toBeNull();
    expect(await recorder.fail(agentId, 'late', 'Failed')).toBeNull();
    await expect(
      sql`update agentexec_activity set status = 'RUNNING' where agent_id = ${agentId}`.execute(
        env.db,
      ),
    ).rejects.toThrow(/cannot become RUNNING/);
    await expect(
      sql`update agentexec_activity set result = '{"ok":false}' where agent_id = ${agentId}`.execute(
        env.db,
      ),
    ).rejects.toThrow(/outcome cannot change/);
  });
});
