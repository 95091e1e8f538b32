import { sql, type Kysely, type Transaction, type UpdateObject } from 'kysely';

import { toActivity, toLogEntry, type Activity, type ActivityChange } from './activity-record.js';
import {
  ACTIVE_STATUSES,
  type ActivityStatus,
  type Database,
  type JsonValue,
  type Metadata,
} from './database-types.js';

/** What a transition writes besides its log message. */
interface TransitionChanges {
  status?: ActivityStatus;
  percentage?: number;
  result?: JsonValue;
  error?: string;
  attempts?: number;
  started?: boolean;
  finished?: boolean;
}

/** Fields of a new activity. */
export interface NewActivity {
  agentId: string;
  agentType: string;
  metadata: Metadata;
  message: string;
  /** A pipeline's steps, recorded QUEUED with the activity. */
  steps?: ReadonlyArray<{ name: string; description: string }>;
}

/**
 * Writes activity state for enqueue and the workers. Every write is one transaction that updates
 * the activity only while it is in an allowed status and appends the log entry describing it, so
 * a late or repeated write (BullMQ runs a job at least once) never moves a finished activity.
 *
 * It addresses activities by agent id alone: it serves trusted code holding a job, never a
 * request. Requests go through {@link OrganizationActivities}.
 */
export class ActivityRecorder {
  constructor(private readonly db: Kysely<Database>) {}

  async create(activity: NewActivity): Promise<ActivityChange> {
    return this.db.transaction().execute((trx) => insertActivity(trx, activity));
  }

  /**
   * Creates the activity unless its organization's `key` still names another run; then returns
   * that run's agent id and writes nothing. Concurrent calls with one key create one activity:
   * the second waits for the first's claim to commit, then finds it.
   */
  async createOnce(
    activity: NewActivity,
    idempotency: { key: string; ttlSeconds: number },
  ): Promise<ActivityChange | { existingAgentId: string }> {
    return this.db.transaction().execute(async (trx) => {
      const organizationId = String(activity.metadata.organization_id);
      const claimed = await trx
        .insertInto('agentexec_idempotency_key')
        .values({
          organization_id: organizationId,
          key: idempotency.key,
          agent_id: activity.agentId,
          expires_at: sql<Date>`now() + make_interval(secs => ${idempotency.ttlSeconds})`,
        })
        .onConflict((oc) =>
          oc
            .columns(['organization_id', 'key'])
            .doUpdateSet({
              agent_id: (eb) => eb.ref('excluded.agent_id'),
              expires_at: (eb) => eb.ref('excluded.expires_at'),
            })
            .where('agentexec_idempotency_key.expires_at', '<=', sql<Date>`now()`),
        )
        .returning('agent_id')
        .executeTakeFirst();
      if (claimed === undefined) {
        const existing = await trx
          .selectFrom('agentexec_idempotency_key')
          .select('agent_id')
          .where('organization_id', '=', organizationId)
          .where('key', '=', idempotency.key)
          .executeTakeFirstOrThrow();

        return { existingAgentId: existing.agent_id };
      }

      return insertActivity(trx, activity);
    });
  }

  /** The activity of `agentId`, whatever its organization; null when there is none. */
  async find(agentId: string): Promise<Activity | null> {
    const row = await this.db
      .selectFrom('agentexec_activity')
      .selectAll()
      .where('agent_id', '=', agentId)
      .executeTakeFirst();

    return row === undefined ? null : toActivity(row);
  }

  /** Marks a pipeline step RUNNING in its `attempt`; false when the step already ended. */
  async stepStarted(agentId: string, index: number, attempt: number): Promise<boolean> {
    const result = await this.db
      .updateTable('agentexec_activity_step')
      .set({
        status: 'RUNNING',
        attempts: attempt,
        started_at: sql<Date>`coalesce(started_at, now())`,
      })
      .where('agent_id', '=', agentId)
      .where('index', '=', index)
      .where('status', 'in', ACTIVE_STATUSES)
      .executeTakeFirst();

    return result.numUpdatedRows > 0n;
  }

  /** Ends a pipeline step COMPLETE, or ERROR with the message of its last attempt. */
  async stepFinished(agentId: string, index: number, error?: string): Promise<void> {
    await this.db
      .updateTable('agentexec_activity_step')
      .set({
        status: error === undefined ? 'COMPLETE' : 'ERROR',
        error: error ?? null,
        finished_at: sql<Date>`now()`,
      })
      .where('agent_id', '=', agentId)
      .where('index', '=', index)
      .where('status', 'in', ACTIVE_STATUSES)
      .execute();
  }

  /** Frees the idempotency key of a run that never started, so a retry may start one. */
  async releaseIdempotencyKey(agentId: string): Promise<void> {
    await this.db.deleteFrom('agentexec_idempotency_key').where('agent_id', '=', agentId).execute();
  }

  start(agentId: string, attempt: number, message: string): Promise<ActivityChange | null> {
    const changes = { status: 'RUNNING' as const, attempts: attempt, started: true };

    return this.transition(agentId, ACTIVE_STATUSES, message, changes);
  }

  progress(agentId: string, message: string, percentage?: number): Promise<ActivityChange | null> {
    return this.transition(agentId, ['RUNNING'], message, { percentage });
  }

  /** Records a failed attempt that will be retried; the activity waits in QUEUED. */
  retry(agentId: string, message: string): Promise<ActivityChange | null> {
    return this.transition(agentId, ACTIVE_STATUSES, message, { status: 'QUEUED' });
  }

  complete(agentId: string, result: JsonValue, message: string): Promise<ActivityChange | null> {
    const changes = { status: 'COMPLETE' as const, percentage: 100, result, finished: true };

    return this.transition(agentId, ['RUNNING'], message, changes);
  }

  fail(agentId: string, error: string, message: string): Promise<ActivityChange | null> {
    const changes = { status: 'ERROR' as const, error, finished: true };

    return this.transition(agentId, ACTIVE_STATUSES, message, changes);
  }

  cancel(agentId: string, message: string): Promise<ActivityChange | null> {
    const changes = { status: 'CANCELED' as const, finished: true };

    return this.transition(agentId, ACTIVE_STATUSES, message, changes);
  }

  /**
   * Activities still QUEUED or RUNNING whose last change is older than `before`, with the id of
   * their BullMQ job: the agent id, or for a scheduled run the job id kept in its metadata.
   */
  async findUnfinished(
    before: Date,
    limit = 500,
  ): Promise<Array<{ agentId: string; jobId: string }>> {
    const rows = await this.db
      .selectFrom('agentexec_activity')
      .select(['agent_id', 'metadata'])
      .where('status', 'in', ACTIVE_STATUSES)
      .where('updated_at', '<', before)
      .orderBy('updated_at')
      .limit(limit)
      .execute();

    return rows.map((row) => ({
      agentId: row.agent_id,
      jobId: typeof row.metadata.job_id === 'string' ? row.metadata.job_id : row.agent_id,
    }));
  }

  /** The activity a scheduled job recorded, found by the key it was recorded under. */
  async agentIdForKey(organizationId: string, key: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('agentexec_idempotency_key')
      .select('agent_id')
      .where('organization_id', '=', organizationId)
      .where('key', '=', key)
      .executeTakeFirst();

    return row?.agent_id ?? null;
  }

  private async transition(
    agentId: string,
    from: readonly ActivityStatus[],
    message: string,
    changes: TransitionChanges,
  ): Promise<ActivityChange | null> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('agentexec_activity')
        .set(toColumns(message, changes))
        .where('agent_id', '=', agentId)
        .where('status', 'in', from)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) {
        return null;
      }
      if (changes.finished === true && changes.status !== 'COMPLETE') {
        await cancelOpenSteps(trx, agentId);
      }

      return appendLog(trx, toActivity(row), message);
    });
  }
}

async function insertActivity(
  trx: Transaction<Database>,
  activity: NewActivity,
): Promise<ActivityChange> {
  const row = await trx
    .insertInto('agentexec_activity')
    .values({
      agent_id: activity.agentId,
      agent_type: activity.agentType,
      metadata: JSON.stringify(activity.metadata),
      status: 'QUEUED',
      latest_message: activity.message,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

  if (activity.steps !== undefined && activity.steps.length > 0) {
    await trx
      .insertInto('agentexec_activity_step')
      .values(
        activity.steps.map((step, index) => ({
          agent_id: activity.agentId,
          index,
          name: step.name,
          description: step.description,
          status: 'QUEUED' as const,
        })),
      )
      .execute();
  }

  return appendLog(trx, toActivity(row), activity.message);
}

/** Steps that never ran, or were cut short, of a run that ended otherwise than COMPLETE. */
async function cancelOpenSteps(trx: Transaction<Database>, agentId: string): Promise<void> {
  await trx
    .updateTable('agentexec_activity_step')
    .set({ status: 'CANCELED', finished_at: sql<Date>`now()` })
    .where('agent_id', '=', agentId)
    .where('status', 'in', ACTIVE_STATUSES)
    .execute();
}

/**
 * Appends the log entry of a change, numbered next in its organization. The counter row stays
 * locked until the transaction ends, so numbers follow commit order and never leave a hole.
 */
async function appendLog(
  trx: Transaction<Database>,
  activity: Activity,
  message: string,
): Promise<ActivityChange> {
  const { last_sequence: sequence } = await trx
    .insertInto('agentexec_organization_sequence')
    .values({ organization_id: activity.organizationId, last_sequence: '1' })
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet({
        last_sequence: sql<string>`agentexec_organization_sequence.last_sequence + 1`,
      }),
    )
    .returning('last_sequence')
    .executeTakeFirstOrThrow();

  const log = await trx
    .insertInto('agentexec_activity_log')
    .values({
      agent_id: activity.agentId,
      organization_id: activity.organizationId,
      sequence,
      message,
      status: activity.status,
      percentage: activity.percentage,
      attempts: activity.attempts,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

  return { activity, log: toLogEntry(log) };
}

type ActivityUpdate = UpdateObject<Database, 'agentexec_activity'>;

function toColumns(message: string, changes: TransitionChanges): ActivityUpdate {
  const columns: ActivityUpdate = { latest_message: message, updated_at: sql<Date>`now()` };
  if (changes.status !== undefined) {
    columns.status = changes.status;
  }
  if (changes.percentage !== undefined) {
    columns.percentage = clampPercentage(changes.percentage);
  }
  if (changes.result !== undefined) {
    columns.result = JSON.stringify(changes.result);
  }
  if (changes.error !== undefined) {
    columns.error = changes.error;
  }
  if (changes.attempts !== undefined) {
    columns.attempts = changes.attempts;
  }
  if (changes.started === true) {
    columns.started_at = sql<Date>`coalesce(started_at, now())`;
  }
  if (changes.finished === true) {
    columns.finished_at = sql<Date>`now()`;
  }

  return columns;
}

function clampPercentage(percentage: number): number {
  return Math.min(100, Math.max(0, Math.round(percentage)));
}
