import { sql, type Kysely } from 'kysely';

// Frozen: this migration describes the schema as of its date. Change the schema in a new file.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per step of a pipeline run, written at enqueue and updated as each step's own job
  // runs, so a client sees which step a run is in and which ones are done.
  await sql`
    create table agentexec_activity_step (
      agent_id uuid not null references agentexec_activity (agent_id) on delete cascade,
      index integer not null check (index >= 0),
      name text not null,
      description text not null,
      status text not null
        check (status in ('QUEUED', 'RUNNING', 'COMPLETE', 'ERROR', 'CANCELED')),
      attempts integer not null default 0,
      error text,
      started_at timestamptz,
      finished_at timestamptz,
      primary key (agent_id, index)
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists agentexec_activity_step`.execute(db);
}
