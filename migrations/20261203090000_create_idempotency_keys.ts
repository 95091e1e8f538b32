import { sql, type Kysely } from 'kysely';

// Frozen: this migration describes the schema as of its date. Change the schema in a new file.

export async function up(db: Kysely<any>): Promise<void> {
  // A key names the run it started until it expires; then it may start another. The reference
  // is checked at commit because the key is claimed before the activity is written.
  await sql`
    create table agentexec_idempotency_key (
      organization_id text not null,
      key text not null,
      agent_id uuid not null references agentexec_activity (agent_id)
        on delete cascade deferrable initially deferred,
      expires_at timestamptz not null,
      primary key (organization_id, key)
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists agentexec_idempotency_key`.execute(db);
}
