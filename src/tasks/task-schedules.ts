import { randomUUID } from 'node:crypto';

import type { Queue } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import type { Kysely } from 'kysely';

import type { Database, JsonValue } from '../db/database-types.js';
import { OrganizationSchedules, type Schedule } from '../db/organization-schedules.js';
import { evaluateLockKey } from './lock-key.js';
import { InvalidTaskInputError, UnknownTaskError } from './task-errors.js';
import { jobOptions, type TaskJobData } from './task-job.js';
import type { TaskRegistry } from './task-registry.js';
import type { Enqueuer } from './task-queue.js';

/** A schedule to create. */
export interface ScheduleRequest {
  task: string;
  input: unknown;
  /** Cron pattern, five fields or six with seconds first. */
  cron: string;
  /** IANA time zone the pattern is read in. Default: UTC. */
  timezone?: string;
  /** Runs in total before the schedule stops. Default: no limit. */
  repeatLimit?: number | null;
}

/** A schedule with the time of its next run, as far as BullMQ knows it. */
export interface ScheduleWithNextRun extends Schedule {
  nextRunAt: Date | null;
}

/** A schedule defined in code, installed (or updated) by every worker at start. */
export interface ScheduleDefinition extends ScheduleRequest {
  /** Stable name; the schedule's id is `code:<name>`. */
  name: string;
  /** The organization its runs belong to. */
  organizationId: string;
}

export interface TaskSchedulesDependencies {
  db: Kysely<Database>;
  queue: Queue<TaskJobData>;
  registry: TaskRegistry;
}

/**
 * Recurring runs on BullMQ job schedulers. Each schedule is a row of its organization, listed
 * from PostgreSQL, and a job scheduler of the same id, which BullMQ runs; each run becomes an
 * activity carrying the schedule's organization and creator when a worker takes it.
 */
export class TaskSchedules {
  constructor(private readonly deps: TaskSchedulesDependencies) {}

  /** Validates and creates a schedule; `id` is given only for schedules defined in code. */
  async create(
    enqueuer: Enqueuer,
    request: ScheduleRequest,
    id: string = randomUUID(),
  ): Promise<Schedule> {
    const definition = this.deps.registry.get(request.task);
    if (definition === undefined) {
      throw new UnknownTaskError(request.task);
    }
    const parsed = definition.input.safeParse(request.input);
    if (!parsed.success) {
      throw new InvalidTaskInputError(`Invalid input for task "${request.task}"`, [
        { path: 'context', message: parsed.error.message },
      ]);
    }
    const timezone = validateTiming(
      request.cron,
      request.timezone ?? 'UTC',
      request.repeatLimit ?? null,
    );
    const lockKey =
      definition.lockKey === null ? null : evaluateLockKey(definition.lockKey, parsed.data);

    const schedule = await this.scope(enqueuer.organizationId).create({
      id,
      createdBy: enqueuer.userId,
      task: definition.name,
      input: parsed.data as JsonValue,
      cron: request.cron,
      timezone,
      repeatLimit: request.repeatLimit ?? null,
    });
    try {
      await this.deps.queue.upsertJobScheduler(
        id,
        { pattern: schedule.cron, tz: timezone, limit: schedule.repeatLimit ?? undefined },
        {
          name: definition.name,
          data: {
            organizationId: enqueuer.organizationId,
            scheduleId: id,
            createdBy: enqueuer.userId,
            input: parsed.data,
            lockKey,
          },
          opts: scheduledJobOptions(definition),
        },
      );
    } catch (error) {
      await this.scope(enqueuer.organizationId).delete(id);
      throw error;
    }

    return schedule;
  }

  /** Installs schedules defined in code; their creator is recorded as `system`. */
  async install(definitions: readonly ScheduleDefinition[]): Promise<void> {
    for (const definition of definitions) {
      const enqueuer = { organizationId: definition.organizationId, userId: 'system' };
      await this.create(enqueuer, definition, `code:${definition.name}`);
    }
  }

  async list(organizationId: string): Promise<ScheduleWithNextRun[]> {
    const schedules = await this.scope(organizationId).list();

    return Promise.all(schedules.map((schedule) => this.withNextRun(schedule)));
  }

  /** One of the organization's schedules; null when it has none by `id`. */
  async get(organizationId: string, id: string): Promise<ScheduleWithNextRun | null> {
    const schedule = await this.scope(organizationId).find(id);

    return schedule === null ? null : this.withNextRun(schedule);
  }

  private async withNextRun(schedule: Schedule): Promise<ScheduleWithNextRun> {
    const scheduler = await this.deps.queue.getJobScheduler(schedule.id);
    const next = scheduler?.next;
    const exhausted =
      schedule.repeatLimit !== null && (scheduler?.iterationCount ?? 0) >= schedule.repeatLimit;

    return { ...schedule, nextRunAt: next === undefined || exhausted ? null : new Date(next) };
  }

  /** Stops and removes one of the organization's schedules; false when it has none by `id`. */
  async remove(organizationId: string, id: string): Promise<boolean> {
    if ((await this.scope(organizationId).find(id)) === null) {
      return false;
    }

    // The scheduler goes first: if Redis fails, the schedule stays listed and can be removed
    // again, instead of firing unseen.
    await this.deps.queue.removeJobScheduler(id);

    return this.scope(organizationId).delete(id);
  }

  private scope(organizationId: string): OrganizationSchedules {
    return new OrganizationSchedules(this.deps.db, organizationId);
  }
}

/** Checks the timing of a schedule and returns its time zone as IANA spells it ("utc": "UTC"). */
function validateTiming(cron: string, timezone: string, repeatLimit: number | null): string {
  const invalid = (path: string, message: string) =>
    new InvalidTaskInputError(message, [{ path, message }]);
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    throw invalid('timezone', `Unknown time zone "${timezone}"`);
  }
  if (cron.trim() === '' || cron.length > 200) {
    throw invalid('cron', 'cron must be a pattern of five or six fields');
  }
  try {
    CronExpressionParser.parse(cron, { tz: timezone }).next();
  } catch (error) {
    throw invalid('cron', `Invalid cron pattern "${cron}": ${(error as Error).message}`);
  }
  if (repeatLimit !== null && (!Number.isInteger(repeatLimit) || repeatLimit < 1)) {
    throw invalid('repeatLimit', 'repeatLimit must be a positive whole number');
  }

  return canonical;
}

function scheduledJobOptions(definition: Parameters<typeof jobOptions>[1]) {
  const { jobId: _jobId, ...options } = jobOptions('', definition, 'NORMAL');

  return options;
}
