import type { Selectable } from 'kysely';

import type {
  ActivityLogTable,
  ActivityStatus,
  ActivityTable,
  JsonValue,
  Metadata,
} from './database-types.js';

/** One background run of a task or pipeline, as the API and workers see it. */
export interface Activity {
  agentId: string;
  agentType: string;
  organizationId: string;
  metadata: Metadata;
  status: ActivityStatus;
  percentage: number;
  latestMessage: string | null;
  result: JsonValue | null;
  error: string | null;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** One status or progress message in an activity's log. */
export interface ActivityLogEntry {
  id: string;
  agentId: string;
  /** Position among the organization's changes, without holes; the event cursor. */
  sequence: string;
  message: string;
  status: ActivityStatus;
  percentage: number;
  attempts: number;
  createdAt: Date;
}

/** One step of a pipeline run. */
export interface ActivityStep {
  index: number;
  name: string;
  description: string;
  status: ActivityStatus;
  attempts: number;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A committed change: the activity after it and the log entry that recorded it. */
export interface ActivityChange {
  activity: Activity;
  log: ActivityLogEntry;
}

export function toActivity(row: Selectable<ActivityTable>): Activity {
  return {
    agentId: row.agent_id,
    agentType: row.agent_type,
    organizationId: row.organization_id,
    metadata: row.metadata,
    status: row.status,
    percentage: row.percentage,
    latestMessage: row.latest_message,
    result: row.result,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function toLogEntry(row: Selectable<ActivityLogTable>): ActivityLogEntry {
  return {
    id: row.id,
    agentId: row.agent_id,
    sequence: row.sequence,
    message: row.message,
    status: row.status,
    percentage: row.percentage,
    attempts: row.attempts,
    createdAt: row.created_at,
  };
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for an agent id the database can look up; anything else cannot name an activity. */
export function isAgentId(value: string): boolean {
  return UUID_PATTERN.test(value);
}
