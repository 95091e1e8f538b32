import { sql, type Kysely, type Selectable } from 'kysely';

import type { Database, JsonValue, ScheduleTable } from './database-types.js';

/** A recurring run of a task, owned by one organization. */
export interface Schedule {
  id: string;
  organizationId: string;
  createdBy: string;
  task: string;
  input: JsonValue;
  cron: string;
  timezone: string;
  /** Runs in total before the schedule stops; null: no limit. */
  repeatLimit: number | null;
  createdAt: Date;
}

export type NewSchedule = Omit<Schedule, 'organizationId' | 'createdAt'>;

/** One organization's schedules; like {@link OrganizationActivities}, fixed to it. */
export class OrganizationSchedules {
  constructor(
    private readonly db: Kysely<Database>,
    readonly organizationId: string,
  ) {}

  /**
   * Creates (or, for a schedule defined in code, updates) a schedule. With `max`, the
   * organization's schedules are counted and the new one inserted under a lock held per
   * organization, so creations at once cannot pass the cap; null when it is reached.
   */
  async create(schedule: NewSchedule, max: number | null = null): Promise<Schedule | null> {
    if (max === null) {
      return this.insert(this.db, schedule);
    }

    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`schedules:${this.organizationId}`}, 0))`.execute(
        trx,
      );
      const { count } = await trx
        .selectFrom('agentexec_schedule')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('organization_id', '=', this.organizationId)
        .executeTakeFirstOrThrow();

      return Number(count) >= max ? null : this.insert(trx, schedule);
    });
  }

  private async insert(db: Kysely<Database>, schedule: NewSchedule): Promise<Schedule> {
    const row = await db
      .insertInto('agentexec_schedule')
      .values({
        id: schedule.id,
        organization_id: this.organizationId,
        created_by: schedule.createdBy,
        task: schedule.task,
        input: JSON.stringify(schedule.input),
        cron: schedule.cron,
        timezone: schedule.timezone,
        repeat_limit: schedule.repeatLimit,
      })
      // Code-defined schedules keep their id across restarts; they are updated in place, and
      // only within their own organization.
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            task: eb.ref('excluded.task'),
            input: eb.ref('excluded.input'),
            cron: eb.ref('excluded.cron'),
            timezone: eb.ref('excluded.timezone'),
            repeat_limit: eb.ref('excluded.repeat_limit'),
          }))
          .where('agentexec_schedule.organization_id', '=', this.organizationId),
      )
      .returningAll()
      .executeTakeFirstOrThrow();

    return toSchedule(row);
  }

  async list(): Promise<Schedule[]> {
    const rows = await this.db
      .selectFrom('agentexec_schedule')
      .selectAll()
      .where('organization_id', '=', this.organizationId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();

    return rows.map(toSchedule);
  }

  async find(id: string): Promise<Schedule | null> {
    const row = await this.db
      .selectFrom('agentexec_schedule')
      .selectAll()
      .where('organization_id', '=', this.organizationId)
      .where('id', '=', id)
      .executeTakeFirst();

    return row === undefined ? null : toSchedule(row);
  }

  /** Removes the schedule; returns false when the organization has none with that id. */
  async delete(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('agentexec_schedule')
      .where('organization_id', '=', this.organizationId)
      .where('id', '=', id)
      .executeTakeFirst();

    return result.numDeletedRows > 0n;
  }
}

function toSchedule(row: Selectable<ScheduleTable>): Schedule {
  return {
    id: row.id,
    organizationId: row.organization_id,
    createdBy: row.created_by,
    task: row.task,
    input: row.input,
    cron: row.cron,
    timezone: row.timezone,
    repeatLimit: row.repeat_limit,
    createdAt: row.created_at,
  };
}
