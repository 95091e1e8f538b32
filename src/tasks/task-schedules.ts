import { randomUUID } from 'node:crypto';

import type { Queue } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import type { Kysely } from 'kysely';

import type { Database, JsonValue } from '../db/database-types.js';
import { OrganizationSchedules, type Schedule } from '../db/organization-schedules.js';
import { containsUnstorable } from '../db/storable-text.js';
import { evaluateLockKey } from './lock-key.js';
import { InvalidTaskInputError, UnknownTaskError } from './task-errors.js';
import { jobOptions, type TaskJobData } from './task-job.js';
import type { TaskRegistry } from './task-registry.js';
import { checkInputShape, type Enqueuer } from './task-queue.js';

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

/** Bounds on the schedules clients create; schedules defined in code are the operator's. */
export interface ScheduleLimits {
  /** Least time between two runs of one schedule. Default: 60 seconds. */
  minIntervalSeconds: number;
  /** Schedules one organization may hold. Default: 100. */
  maxPerOrganization: number;
}

export const DEFAULT_SCHEDULE_LIMITS: ScheduleLimits = {
  minIntervalSeconds: 60,
  maxPerOrganization: 100,
};

export interface TaskSchedulesDependencies {
  db: Kysely<Database>;
  queue: Queue<TaskJobData>;
  registry: TaskRegistry;
  limits?: Partial<ScheduleLimits>;
  /** Largest input accepted, in bytes as JSON, as for enqueued tasks. */
  maxInputBytes?: number;
}

/** Runs of a pattern compared to find its shortest interval. */
const INTERVAL_SAMPLE = 50;

/**
 * Recurring runs on BullMQ job schedulers. Each schedule is a row of its organization, listed
 * from PostgreSQL, and a job scheduler of the same id, which BullMQ runs; each run becomes an
 * activity carrying the schedule's organization and creator when a worker takes it.
 */
export class TaskSchedules {
  private readonly limits: ScheduleLimits;

  constructor(private readonly deps: TaskSchedulesDependencies) {
    this.limits = { ...DEFAULT_SCHEDULE_LIMITS, ...deps.limits };
  }

  /** Validates and creates a client's schedule, within the limits. */
  async create(enqueuer: Enqueuer, request: ScheduleRequest): Promise<Schedule> {
    return this.save(enqueuer, request, randomUUID(), this.limits);
  }

  /** Installs schedules defined in code; their creator is recorded as `system`. */
  async install(definitions: readonly ScheduleDefinition[]): Promise<void> {
    for (const definition of definitions) {
      const enqueuer = { organizationId: definition.organizationId, userId: 'system' };
      await this.save(enqueuer, definition, `code:${definition.name}`, null);
    }
  }

  /** Saves a schedule and its job scheduler; `limits` is null for schedules defined in code. */
  private async save(
    enqueuer: Enqueuer,
    request: ScheduleRequest,
    id: string,
    limits: ScheduleLimits | null,
  ): Promise<Schedule> {
    const definition = this.deps.registry.get(request.task);
    if (definition === undefined) {
      throw new UnknownTaskError(request.task);
    }
    // Bounded before it is parsed, as an enqueued input is.
    checkInputShape(request.input, this.deps.maxInputBytes);
    const parsed = definition.input.safeParse(request.input);
    if (!parsed.success) {
      throw new InvalidTaskInputError(`Invalid input for task "${request.task}"`, [
        { path: 'context', message: parsed.error.message },
      ]);
    }
    const timezone = validateTiming(request, limits?.minIntervalSeconds ?? 0);
    const lockKey =
      definition.lockKey === null ? null : evaluateLockKey(definition.lockKey, parsed.data);

    const schedule = await this.scope(enqueuer.organizationId).create(
      {
        id,
        createdBy: enqueuer.userId,
        task: definition.name,
        input: parsed.data as JsonValue,
        cron: request.cron,
        timezone,
        repeatLimit: request.repeatLimit ?? null,
      },
      limits?.maxPerOrganization ?? null,
    );
    if (schedule === null) {
      const message = `An organization may hold at most ${limits?.maxPerOrganization} schedules`;
      throw new InvalidTaskInputError(message, [{ path: 'schedule', message }]);
    }
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

  async list(organizationId: string): Promise<ScheduleWithNextRun[]> {
    const schedules = await this.scope(organizationId).list();

    return Promise.all(schedules.map((schedule) => this.withNextRun(schedule)));
  }

  /** One of the organization's schedules; null when it has none by `id`. */
  async get(organizationId: string, id: string): Promise<ScheduleWithNextRun | null> {
    const schedule = containsUnstorable(id) ? null : await this.scope(organizationId).find(id);

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
    // No schedule's id holds what PostgreSQL cannot store, and it would refuse to look.
    if (containsUnstorable(id) || (await this.scope(organizationId).find(id)) === null) {
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

/**
 * Checks the timing of a schedule and returns its time zone as IANA spells it ("utc": "UTC").
 * Its runs may come no closer together than `minIntervalSeconds`.
 */
function validateTiming(request: ScheduleRequest, minIntervalSeconds: number): string {
  const { cron } = request;
  const timezone = request.timezone ?? 'UTC';
  const repeatLimit = request.repeatLimit ?? null;
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
  if (hasHashField(cron)) {
    throw invalid('cron', 'cron may not use H: its runs would be drawn anew at every run');
  }
  let interval: number;
  try {
    interval = shortestIntervalSeconds(cron, timezone);
  } catch (error) {
    throw invalid('cron', `Invalid cron pattern "${cron}": ${(error as Error).message}`);
  }
  if (interval < minIntervalSeconds) {
    const message = `"${cron}" runs every ${interval} s; runs may be at most one per ${minIntervalSeconds} s`;
    throw invalid('cron', message);
  }
  if (repeatLimit !== null && (!Number.isInteger(repeatLimit) || repeatLimit < 1)) {
    throw invalid('repeatLimit', 'repeatLimit must be a positive whole number');
  }

  return canonical;
}

/**
 * True when an element of a field is cron-parser's H (a value drawn from a hash). Without a
 * seed of its own it is drawn anew each time BullMQ computes the next run, so the bound between
 * runs could not be checked. Day names such as THU hold an H but do not start with one.
 */
function hasHashField(cron: string): boolean {
  return cron
    .trim()
    .split(/\s+/)
    .flatMap((field) => field.split(','))
    .some((element) => /^H($|[/(])/i.test(element));
}

/**
 * The shortest time between consecutive runs among the next few. Cron fields repeat, and the
 * seconds field turns fastest, so a pattern denser than its minutes shows it at once.
 */
function shortestIntervalSeconds(cron: string, timezone: string): number {
  const runs = CronExpressionParser.parse(cron, { tz: timezone });
  let previous = runs.next().getTime();
  let shortest = Number.POSITIVE_INFINITY;
  for (let index = 1; index < INTERVAL_SAMPLE && runs.hasNext(); index += 1) {
    const next = runs.next().getTime();
    shortest = Math.min(shortest, (next - previous) / 1000);
    previous = next;
  }

  return shortest;
}

function scheduledJobOptions(definition: Parameters<typeof jobOptions>[1]) {
  const { jobId: _jobId, ...options } = jobOptions('', definition, 'NORMAL');

  return options;
}
