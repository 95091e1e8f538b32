import { sql, type Kysely } from 'kysely';

// Frozen: this migration describes the schema as of its date. Change the schema in a new file.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table agentexec_activity (
      id bigint generated always as identity primary key,
      agent_id uuid not null unique,
      agent_type text not null,
      metadata jsonb not null check (jsonb_typeof(metadata) = 'object'),
      organization_id text generated always as (metadata ->> 'organization_id') stored not null,
      status text not null
        check (status in ('QUEUED', 'RUNNING', 'COMPLETE', 'ERROR', 'CANCELED')),
      status_rank smallint generated always as (
        case status when 'RUNNING' then 0 when 'QUEUED' then 1 else 2 end
      ) stored not null,
      percentage smallint not null default 0 check (percentage between 0 and 100),
      latest_message text,
      result jsonb,
      error text,
      attempts integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    )
  `.execute(db);

  // A tenant's page in list order (running, queued, then newest first) is one index range scan.
  await sql`
    create index agentexec_activity_organization_page
      on agentexec_activity (organization_id, status_rank, id desc)
  `.execute(db);
  await sql`
    create index agentexec_activity_metadata
      on agentexec_activity using gin (metadata jsonb_path_ops)
  `.execute(db);
  await sql`
    create index agentexec_activity_unfinished
      on agentexec_activity (updated_at) where status in ('QUEUED', 'RUNNING')
  `.execute(db);

  // Each organization's changes are numbered 1, 2, 3, ... without holes, in commit order: the
  // counter row stays locked until the writing transaction ends. Live streams detect a missed
  // event from a hole and fill it from here, and resume from a client's last number.
  await sql`
    create table agentexec_organization_sequence (
      organization_id text primary key,
      last_sequence bigint not null
    )
  `.execute(db);

  await sql`
    create table agentexec_activity_log (
      id bigint generated always as identity primary key,
      agent_id uuid not null references agentexec_activity (agent_id) on delete cascade,
      organization_id text not null,
      sequence bigint not null,
      message text not null,
      status text not null
        check (status in ('QUEUED', 'RUNNING', 'COMPLETE', 'ERROR', 'CANCELED')),
      percentage smallint not null check (percentage between 0 and 100),
      attempts integer not null default 0,
      created_at timestamptz not null default now(),
      unique (organization_id, sequence)
    )
  `.execute(db);
  await sql`
    create index agentexec_activity_log_agent on agentexec_activity_log (agent_id, sequence)
  `.execute(db);

  // The database itself refuses what no code path should do: rewrite the tenant, rename the run,
  // or move a finished activity to another status.
  await sql`
    create function agentexec_activity_guard() returns trigger language plpgsql as $$
    begin
      if new.metadata is distinct from old.metadata then
        raise exception 'agentexec_activity.metadata is immutable after enqueue'
          using errcode = 'integrity_constraint_violation';
      end if;
      if new.agent_id <> old.agent_id or new.agent_type <> old.agent_type then
        raise exception 'agentexec_activity.agent_id and agent_type are immutable'
          using errcode = 'integrity_constraint_violation';
      end if;
      if old.status in ('COMPLETE', 'ERROR', 'CANCELED') and new.status <> old.status then
        raise exception 'agentexec_activity % is % and cannot become %',
          old.agent_id, old.status, new.status
          using errcode = 'integrity_constraint_violation';
      end if;
      if old.status in ('COMPLETE', 'ERROR', 'CANCELED') and (
        new.result is distinct from old.result or new.error is distinct from old.error
        or new.percentage <> old.percentage or new.finished_at is distinct from old.finished_at
      ) then
        raise exception 'agentexec_activity % is final; its outcome cannot change', old.agent_id
          using errcode = 'integrity_constraint_violation';
      end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create trigger agentexec_activity_guard
      before update on agentexec_activity
      for each row execute function agentexec_activity_guard()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists agentexec_activity_log`.execute(db);
  await sql`drop table if exists agentexec_organization_sequence`.execute(db);
  await sql`drop table if exists agentexec_activity`.execute(db);
  await sql`drop function if exists agentexec_activity_guard()`.execute(db);
}
