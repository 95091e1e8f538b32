import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';

import {
  isAgentId,
  toActivity,
  toLogEntry,
  type Activity,
  type ActivityChange,
  type ActivityStep,
  type ActivityLogEntry,
} from './activity-record.js';
import {
  ACTIVE_STATUSES,
  ACTIVITY_STATUSES,
  isFinalStatus,
  type ActivityStatus,
  type Database,
  type Metadata,
} from './database-types.js';

/** Narrows a list or count; every key given must match. */
export interface ActivityFilter {
  statuses?: readonly ActivityStatus[];
  agentType?: string;
  /** Exact match on every key given (jsonb containment). */
  metadata?: Metadata;
}

/** Position in list order: status rank (running, queued, the rest), then id descending. */
export interface ActivityPosition {
  rank: number;
  id: string;
}

/** One page of activities in list order. */
export interface ActivityPage {
  items: Array<{ activity: Activity; position: ActivityPosition }>;
  hasNextPage: boolean;
}

type ActivityQuery = SelectQueryBuilder<Database, 'agentexec_activity', object>;

/**
 * Reads of one organization's activities. The organization is fixed at construction, so no
 * method can reach another tenant's rows: every query starts from {@link scoped}.
 */
export class OrganizationActivities {
  constructor(
    private readonly db: Kysely<Database>,
    readonly organizationId: string,
  ) {}

  async find(agentId: string): Promise<Activity | null> {
    if (!isAgentId(agentId)) {
      return null;
    }

    const row = await this.scoped().selectAll().where('agent_id', '=', agentId).executeTakeFirst();

    return row === undefined ? null : toActivity(row);
  }

  /**
   * A page in list order after `after`. The rest of the cursor's status rank and the ranks after
   * it are read as separate index ranges: one `OR` condition would make PostgreSQL scan from the
   * tenant's first row and filter, which grows with the depth of the page.
   */
  async list(
    first: number,
    after: ActivityPosition | null,
    filter: ActivityFilter,
  ): Promise<ActivityPage> {
    const wanted = first + 1;
    const rows =
      after === null
        ? await this.page(filter, wanted, (query) => query)
        : await this.pageAfter(filter, wanted, after);

    const items = rows.slice(0, first).map((row) => ({
      activity: toActivity(row),
      position: { rank: row.status_rank, id: row.id },
    }));

    return { items, hasNextPage: rows.length > first };
  }

  private async pageAfter(filter: ActivityFilter, wanted: number, after: ActivityPosition) {
    const sameRank = await this.page(filter, wanted, (query) =>
      query.where('status_rank', '=', after.rank).where('id', '<', after.id),
    );
    if (sameRank.length >= wanted) {
      return sameRank;
    }

    const laterRanks = await this.page(filter, wanted - sameRank.length, (query) =>
      query.where('status_rank', '>', after.rank),
    );

    return [...sameRank, ...laterRanks];
  }

  private page(
    filter: ActivityFilter,
    limit: number,
    narrow: (query: ActivityQuery) => ActivityQuery,
  ) {
    return narrow(filtered(this.scoped(), filter))
      .selectAll()
      .orderBy('status_rank', 'asc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  async count(filter: ActivityFilter = {}): Promise<number> {
    const row = await filtered(this.scoped(), filter)
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();

    return Number(row.count);
  }

  /** How many of the organization's activities are in each status. */
  async countByStatus(): Promise<Record<ActivityStatus, number>> {
    const rows = await this.scoped()
      .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
      .groupBy('status')
      .execute();

    const counts = Object.fromEntries(ACTIVITY_STATUSES.map((status) => [status, 0]));
    for (const row of rows) {
      counts[row.status] = Number(row.count);
    }

    return counts as Record<ActivityStatus, number>;
  }

  activeCount(): Promise<number> {
    return this.count({ statuses: ACTIVE_STATUSES });
  }

  /**
   * The logs of several activities, oldest first and at most `limit` entries each, in one query;
   * activities of other organizations get none.
   */
  async logsOf(
    agentIds: readonly string[],
    limit: number,
  ): Promise<Map<string, ActivityLogEntry[]>> {
    const ids = agentIds.filter(isAgentId);
    const logs = new Map<string, ActivityLogEntry[]>(agentIds.map((id) => [id, []]));
    if (ids.length === 0) {
      return logs;
    }

    const ranked = this.db
      .selectFrom('agentexec_activity_log as log')
      .innerJoin('agentexec_activity as activity', 'activity.agent_id', 'log.agent_id')
      .selectAll('log')
      .select(
        sql<string>`row_number() over (partition by log.agent_id order by log.sequence)`.as(
          'position',
        ),
      )
      .where('activity.organization_id', '=', this.organizationId)
      .where('log.agent_id', 'in', ids);
    const rows = await this.db
      .selectFrom(ranked.as('ranked'))
      .selectAll()
      .where('position', '<=', String(limit))
      .orderBy('sequence')
      .execute();
    for (const row of rows) {
      logs.get(row.agent_id)?.push(toLogEntry(row));
    }

    return logs;
  }

  /** The steps of several pipeline runs, in order, in one query; empty for tasks. */
  async stepsOf(agentIds: readonly string[]): Promise<Map<string, ActivityStep[]>> {
    const ids = agentIds.filter(isAgentId);
    const steps = new Map<string, ActivityStep[]>(agentIds.map((id) => [id, []]));
    if (ids.length === 0) {
      return steps;
    }

    const rows = await this.db
      .selectFrom('agentexec_activity_step as step')
      .innerJoin('agentexec_activity as activity', 'activity.agent_id', 'step.agent_id')
      .selectAll('step')
      .where('activity.organization_id', '=', this.organizationId)
      .where('step.agent_id', 'in', ids)
      .orderBy('step.index')
      .execute();
    for (const row of rows) {
      steps.get(row.agent_id)?.push({
        index: row.index,
        name: row.name,
        description: row.description,
        status: row.status,
        attempts: row.attempts,
        error: row.error,
        startedAt: row.started_at,
        finishedAt: row.finished_at,
      });
    }

    return steps;
  }

  /** The activity and its newest log entry, read together; null when not this organization's. */
  async snapshot(agentId: string): Promise<ActivityChange | null> {
    if (!isAgentId(agentId)) {
      return null;
    }

    // One snapshot for both reads: a change committed between them would pair the activity of
    // one moment with the log entry of another.
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const activity = await trx
          .selectFrom('agentexec_activity')
          .selectAll()
          .where('organization_id', '=', this.organizationId)
          .where('agent_id', '=', agentId)
          .executeTakeFirst();
        if (activity === undefined) {
          return null;
        }

        const log = await trx
          .selectFrom('agentexec_activity_log')
          .selectAll()
          .where('agent_id', '=', agentId)
          .orderBy('sequence', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow();

        return { activity: toActivity(activity), log: toLogEntry(log) };
      });
  }

  /**
   * The organization's changes numbered after `after`, oldest first, each with the activity as
   * it stood right after that change.
   */
  async changesAfter(
    after: bigint,
    options: { limit: number; agentId?: string },
  ): Promise<ActivityChange[]> {
    let query = this.db
      .selectFrom('agentexec_activity_log')
      .selectAll()
      .where('organization_id', '=', this.organizationId)
      .where('sequence', '>', after.toString())
      .orderBy('sequence')
      .limit(options.limit);
    if (options.agentId !== undefined) {
      query = query.where('agent_id', '=', options.agentId);
    }

    const logs = (await query.execute()).map(toLogEntry);
    const activities = await this.findMany([...new Set(logs.map((log) => log.agentId))]);

    return logs.flatMap((log) => {
      const activity = activities.get(log.agentId);

      return activity === undefined ? [] : [{ activity: activityAt(activity, log), log }];
    });
  }

  /** The number of the organization's newest change; 0 when it has none. */
  async latestSequence(): Promise<bigint> {
    const row = await this.db
      .selectFrom('agentexec_organization_sequence')
      .select('last_sequence')
      .where('organization_id', '=', this.organizationId)
      .executeTakeFirst();

    return BigInt(row?.last_sequence ?? 0);
  }

  private async findMany(agentIds: string[]): Promise<Map<string, Activity>> {
    if (agentIds.length === 0) {
      return new Map();
    }

    const rows = await this.scoped().selectAll().where('agent_id', 'in', agentIds).execute();

    return new Map(rows.map((row) => [row.agent_id, toActivity(row)]));
  }

  private scoped(): ActivityQuery {
    return this.db
      .selectFrom('agentexec_activity')
      .where('organization_id', '=', this.organizationId);
  }
}

/**
 * The activity as it stood right after `log`: what a change writes (status, percentage, message,
 * attempts) comes from the entry, what only a final change writes from the current row.
 */
function activityAt(current: Activity, log: ActivityLogEntry): Activity {
  const final = isFinalStatus(log.status);
  const started = current.startedAt !== null && current.startedAt <= log.createdAt;

  return {
    ...current,
    status: log.status,
    percentage: log.percentage,
    latestMessage: log.message,
    attempts: log.attempts,
    updatedAt: log.createdAt,
    startedAt: started ? current.startedAt : null,
    finishedAt: final ? current.finishedAt : null,
    result: log.status === 'COMPLETE' ? current.result : null,
    error: log.status === 'ERROR' ? current.error : null,
  };
}

function filtered(query: ActivityQuery, filter: ActivityFilter): ActivityQuery {
  let result = query;
  if (filter.statuses !== undefined && filter.statuses.length > 0) {
    result = result.where('status', 'in', filter.statuses);
  }
  if (filter.agentType !== undefined) {
    result = result.where('agent_type', '=', filter.agentType);
  }
  if (filter.metadata !== undefined && Object.keys(filter.metadata).length > 0) {
    result = result.where(
      'metadata',
      '@>',
      sql<Metadata>`${JSON.stringify(filter.metadata)}::jsonb`,
    );
  }

  return result;
}
