import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** Lifecycle of an activity. COMPLETE, ERROR and CANCELED are final. */
export const ACTIVITY_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETE', 'ERROR', 'CANCELED'] as const;

export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const FINAL_STATUSES: readonly ActivityStatus[] = ['COMPLETE', 'ERROR', 'CANCELED'];

/** Whether a run with this status is over: no later change can follow. */
export function isFinalStatus(status: ActivityStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

export const ACTIVE_STATUSES: readonly ActivityStatus[] = ['QUEUED', 'RUNNING'];

/** JSON values as they are stored in jsonb columns; written as serialized text. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

export type Metadata = Record<string, JsonValue>;

// bigint columns arrive from pg as strings; jsonb is sent as JSON text so arrays stay JSON.
type BigIntId = ColumnType<string, never, never>;
type Jsonb<T> = ColumnType<T, string, string>;

export interface ActivityTable {
  id: BigIntId;
  agent_id: string;
  agent_type: string;
  metadata: ColumnType<Metadata, string, never>;
  organization_id: GeneratedAlways<string>;
  status: ActivityStatus;
  status_rank: GeneratedAlways<number>;
  percentage: Generated<number>;
  latest_message: string | null;
  result: Jsonb<JsonValue | null> | null;
  error: string | null;
  attempts: Generated<number>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface ActivityLogTable {
  id: BigIntId;
  agent_id: string;
  organization_id: string;
  /** Position among the organization's changes: 1, 2, 3, ... without holes. */
  sequence: ColumnType<string, string, never>;
  message: string;
  status: ActivityStatus;
  percentage: number;
  attempts: number;
  created_at: ColumnType<Date, never, never>;
}

export interface OrganizationSequenceTable {
  organization_id: string;
  last_sequence: ColumnType<string, string, string>;
}

export interface IdempotencyKeyTable {
  organization_id: string;
  key: string;
  agent_id: string;
  expires_at: Date;
}

export interface ScheduleTable {
  id: string;
  organization_id: string;
  created_by: string;
  task: string;
  input: Jsonb<JsonValue>;
  cron: string;
  timezone: string;
  repeat_limit: number | null;
  created_at: ColumnType<Date, never, never>;
}

export interface ActivityStepTable {
  agent_id: string;
  index: number;
  name: string;
  description: string;
  status: ActivityStatus;
  attempts: Generated<number>;
  error: string | null;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface Database {
  agentexec_activity: ActivityTable;
  agentexec_activity_log: ActivityLogTable;
  agentexec_organization_sequence: OrganizationSequenceTable;
  agentexec_idempotency_key: IdempotencyKeyTable;
  agentexec_schedule: ScheduleTable;
  agentexec_activity_step: ActivityStepTable;
}
