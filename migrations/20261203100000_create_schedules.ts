import { sql, type Kysely } from 'kysely';

// Frozen: this migration describes the schema as of its date. Change the schema in a new file.

export async function up(db: Kysely<any>): Promise<void> {
  // The organization's view of its schedules; BullMQ's job scheduler of the same id runs them.
  await sql`
    create table agentexec_schedule (
      id text primary key,
      organization_id text not null,
      created_by text not null,
      task text not null,
      input jsonb not null,
      cron text not null,
      timezone text not null,
      repeat_limit integer check (repeat_limit > 0),
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`
    create index agentexec_schedule_organization on agentexec_schedule (organization_id, created_at)
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists agentexec_schedule`.execute(db);
}
