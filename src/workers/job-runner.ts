import { randomUUID } from 'node:crypto';

import { DelayedError, UnrecoverableError, type FlowProducer, type Job, type Queue } from 'bullmq';

import type { Logger } from '../config/logger.js';
import type { ActivityRecorder } from '../db/activity-recorder.js';
import type { JsonValue } from '../db/database-types.js';
import type { ActivityPublisher } from '../events/activity-publisher.js';
import { pipelineFlow } from '../tasks/pipeline-flow.js';
import {
  stepOutlines,
  type AnyTaskDefinition,
  type StepDefinition,
  type TaskContext,
} from '../tasks/task-definition.js';
import { PermanentTaskError, TaskCanceledError } from '../tasks/task-errors.js';
import { jobOptions, type TaskJobData } from '../tasks/task-job.js';
import type { TaskRegistry } from '../tasks/task-registry.js';
import type { Admission } from './admission.js';
import { Spawner } from './spawner.js';
import { StepRunner, type RunSupport } from './step-runner.js';
import { errorMessage, startMessage, toJson } from './job-values.js';

/** How long a scheduled job's id keeps naming its activity: longer than any retry takes. */
const SCHEDULED_RUN_KEY_TTL_SECONDS = 30 * 24 * 3600;

export interface JobRunnerDependencies {
  /** Fair share and lock keys; without it every job runs as soon as a worker takes it. */
  admission?: Admission;
  /** The task queue, where parallel pipeline steps add their item jobs. */
  queue: Queue<TaskJobData>;
  /** Adds the flows of spawned children and their follow-up. */
  flows: FlowProducer;
  registry: TaskRegistry;
  recorder: ActivityRecorder;
  publisher: ActivityPublisher;
  logger: Logger;
}

/**
 * Runs one BullMQ job against its activity: QUEUED → RUNNING → COMPLETE, or back to QUEUED
 * while attempts remain, or ERROR. Every write is guarded by status, so a job that runs again
 * after it finished (BullMQ is at-least-once) changes nothing.
 */
export class JobRunner implements RunSupport {
  /** Abort controllers of the jobs this process runs, by agent id (a pipeline may run several). */
  private readonly running = new Map<string, Set<AbortController>>();
  private readonly steps: StepRunner;

  private readonly spawner: Spawner;

  constructor(private readonly deps: JobRunnerDependencies) {
    this.steps = new StepRunner(deps.queue, deps.recorder, this);
    this.spawner = new Spawner(deps);
  }

  /** Aborts the jobs of `agentId` this process runs; returns whether there were any. */
  abort(agentId: string): boolean {
    const controllers = this.running.get(agentId);
    for (const controller of controllers ?? []) {
      controller.abort(new TaskCanceledError('Canceled'));
    }

    return controllers !== undefined;
  }

  track(agentId: string): { signal: AbortSignal; done(): void } {
    const controller = new AbortController();
    const controllers = this.running.get(agentId) ?? new Set<AbortController>();
    controllers.add(controller);
    this.running.set(agentId, controllers);

    return {
      signal: controller.signal,
      done: () => {
        controllers.delete(controller);
        if (controllers.size === 0) {
          this.running.delete(agentId);
        }
      },
    };
  }

  readonly process = async (job: Job<TaskJobData>, token?: string): Promise<unknown> => {
    const ticket = await this.admit(job);
    if (ticket === null) {
      // Not admitted: offered again later, and no attempt is used up.
      await job.moveToDelayed(Date.now() + admissionDelay(job), token);
      throw new DelayedError();
    }

    try {
      return await this.run(job, token);
    } finally {
      await ticket.release();
    }
  };

  private async admit(job: Job<TaskJobData>) {
    if (this.deps.admission === undefined) {
      return { release: async () => undefined };
    }

    return this.deps.admission.admit({
      jobId: job.id ?? job.data.agentId ?? job.name,
      organizationId: job.data.organizationId,
      lockKey: job.data.lockKey ?? null,
    });
  }

  private async run(job: Job<TaskJobData>, token: string | undefined): Promise<unknown> {
    const scheduled = job.data.agentId === undefined;
    const definition = this.deps.registry.get(job.name);
    const agentId = job.data.agentId ?? (await this.recordScheduledRun(job, definition));
    const attempt = job.attemptsMade + 1;
    const attempts = job.opts.attempts ?? 1;

    if (definition === undefined) {
      await this.record(this.deps.recorder.fail(agentId, `Unknown task "${job.name}"`, 'Failed'));
      throw new UnrecoverableError(`Unknown task "${job.name}"`);
    }
    if (definition.steps !== undefined && scheduled) {
      await this.startScheduledPipeline(definition, definition.steps, job, agentId);
      return;
    }
    if (definition.steps !== undefined) {
      return this.steps.run(definition, job, agentId, token);
    }

    const started = await this.deps.recorder.start(
      agentId,
      attempt,
      startMessage(attempt, attempts, job.stalledCounter),
    );
    if (started === null) {
      this.deps.logger.info(
        { agentId, task: job.name, attempt },
        'activity already final; skipped',
      );
      return;
    }
    await this.deps.publisher.publish(started);

    const tracked = this.track(agentId);
    try {
      const result = await this.execute(definition, { job, agentId, attempt }, tracked.signal);
      await this.record(this.deps.recorder.complete(agentId, result, 'Completed'));

      return result;
    } catch (error) {
      await this.handleFailure(agentId, {
        attempt,
        attempts,
        error,
        canceled: tracked.signal.aborted,
      });

      return null;
    } finally {
      tracked.done();
    }
  }

  /**
   * A job made by a schedule has no activity yet: it gets one now, keyed by the job's id so a
   * second run of the same job finds the first's activity instead of making another.
   */
  private async recordScheduledRun(
    job: Job<TaskJobData>,
    definition: AnyTaskDefinition | undefined,
  ): Promise<string> {
    const { organizationId, scheduleId, createdBy } = job.data;
    const jobId = job.id ?? '';
    const created = await this.deps.recorder.createOnce(
      {
        agentId: randomUUID(),
        agentType: job.name,
        metadata: {
          organization_id: organizationId,
          user_id: createdBy ?? 'schedule',
          schedule_id: scheduleId ?? null,
          job_id: jobId,
        },
        message: 'Started by its schedule',
        steps: stepOutlines(definition),
      },
      { key: scheduledRunKey(job), ttlSeconds: SCHEDULED_RUN_KEY_TTL_SECONDS },
    );
    if ('existingAgentId' in created) {
      return created.existingAgentId;
    }

    await this.deps.publisher.publish(created);

    return created.activity.agentId;
  }

  /**
   * A schedule's run of a pipeline goes on as an enqueued pipeline does: as a flow of one job per
   * step, added here. The schedule's own job ends once the flow is in; if it runs again, the
   * flow's job ids are the same and BullMQ adds nothing twice.
   */
  private async startScheduledPipeline(
    definition: AnyTaskDefinition,
    steps: readonly StepDefinition[],
    job: Job<TaskJobData>,
    agentId: string,
  ): Promise<void> {
    const data: TaskJobData = { ...job.data, agentId };
    const options = jobOptions(agentId, definition, 'NORMAL');
    await this.deps.flows.add(pipelineFlow(definition.name, steps, data, options));
  }

  private async execute(
    definition: AnyTaskDefinition,
    run: { job: Job<TaskJobData>; agentId: string; attempt: number },
    signal: AbortSignal,
  ): Promise<JsonValue> {
    const parsed = definition.input.safeParse(await this.inputOf(run.job));
    if (!parsed.success) {
      throw new PermanentTaskError(`Invalid input: ${parsed.error.message}`);
    }

    if (definition.run === undefined) {
      throw new PermanentTaskError(`Task "${definition.name}" has nothing to run`);
    }
    const context = this.context(run.agentId, run.job.data.organizationId, run.attempt, signal);
    const output = await definition.run(parsed.data, context);

    return toJson(output);
  }

  /** A follow-up of spawned children gets their results, in order, next to its own input. */
  private async inputOf(job: Job<TaskJobData>): Promise<unknown> {
    const { gather, input } = job.data;
    if (gather === undefined) {
      return input;
    }

    const values = await job.getChildrenValues();
    const byId = new Map(
      Object.entries(values).map(([key, value]) => [key.split(':').at(-1), value]),
    );
    const results = gather.map((agentId) => byId.get(agentId) ?? null);

    return { ...(input as Record<string, unknown>), results };
  }

  context(
    agentId: string,
    organizationId: string,
    attempt: number,
    signal: AbortSignal,
  ): TaskContext {
    const { recorder } = this.deps;
    let calls = 0;

    return {
      agentId,
      organizationId,
      attempt,
      signal,
      spawn: async (request) => {
        const activity = await recorder.find(agentId);
        const userId = String(activity?.metadata.user_id ?? 'unknown');

        return this.spawner.spawn({ agentId, organizationId, userId, call: calls++ }, request);
      },
      progress: (message, percentage) =>
        this.record(recorder.progress(agentId, message, percentage)),
      log: (message) => this.record(recorder.progress(agentId, message)),
    };
  }

  async handleFailure(
    agentId: string,
    failure: { attempt: number; attempts: number; error: unknown; canceled: boolean },
  ): Promise<void> {
    if (failure.canceled || failure.error instanceof TaskCanceledError) {
      // cancelActivity already wrote CANCELED; the job ends quietly.
      return;
    }

    const message = errorMessage(failure.error);
    const permanent =
      failure.error instanceof PermanentTaskError || failure.error instanceof UnrecoverableError;
    const label = `Attempt ${failure.attempt} of ${failure.attempts} failed: ${message}`;
    if (!permanent && failure.attempt < failure.attempts) {
      await this.record(this.deps.recorder.retry(agentId, `${label}; retrying`));
      throw failure.error;
    }

    await this.record(this.deps.recorder.fail(agentId, message, label));
    throw permanent ? new UnrecoverableError(message) : failure.error;
  }

  async record(write: ReturnType<ActivityRecorder['progress']>): Promise<void> {
    await this.deps.publisher.publish(await write);
  }
}

/** The idempotency key under which a scheduled job records its one activity. */
export function scheduledRunKey(job: Job<TaskJobData>): string {
  return `schedule-run:${job.id ?? ''}`;
}

/**
 * How long a job that was not admitted waits before it is offered again: longer each time, so a
 * large backlog behind a busy organization does not spin.
 */
function admissionDelay(job: Job<TaskJobData>): number {
  const waits = Math.max(0, job.attemptsStarted - job.attemptsMade - 1);

  return Math.min(2000, 100 * 2 ** Math.min(waits, 5)) + Math.floor(Math.random() * 50);
}
