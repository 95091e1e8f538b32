import { WaitingChildrenError, type Job, type Queue } from 'bullmq';

import type { ActivityRecorder } from '../db/activity-recorder.js';
import { isFinalStatus, type JsonValue } from '../db/database-types.js';
import { itemJobId, stepJobId } from '../tasks/pipeline-flow.js';
import type { AnyTaskDefinition, StepDefinition, TaskContext } from '../tasks/task-definition.js';
import { PermanentTaskError } from '../tasks/task-errors.js';
import type { TaskJobData } from '../tasks/task-job.js';
import { errorMessage, startMessage, toJson } from './job-values.js';

/** Items one parallel step may fan out into; each is a job in Redis. */
const MAX_ITEMS = 1000;

/** What a step run borrows from the job runner: contexts, failure handling and publishing. */
export interface RunSupport {
  context(
    agentId: string,
    organizationId: string,
    attempt: number,
    signal: AbortSignal,
  ): TaskContext;
  handleFailure(
    agentId: string,
    failure: { attempt: number; attempts: number; error: unknown; canceled: boolean },
  ): Promise<void>;
  record(write: ReturnType<ActivityRecorder['progress']>): Promise<void>;
  /** Registers a running job for cancel; call the result when it ends. */
  track(agentId: string): { signal: AbortSignal; done(): void };
}

/** One job of a pipeline run: a step, or one item of a parallel step. */
interface StepJob {
  job: Job<TaskJobData>;
  agentId: string;
  index: number;
  total: number;
  step: StepDefinition;
  attempt: number;
  attempts: number;
}

/**
 * Runs the jobs of a pipeline's flow. Each step job reads its input from the step before (its
 * child in the flow), records the step's status, and returns its output for the step after;
 * the last step completes the activity. A parallel step adds one job per item as its own
 * children, waits for them, and returns their outputs in item order.
 */
export class StepRunner {
  constructor(
    private readonly queue: Queue<TaskJobData>,
    private readonly recorder: ActivityRecorder,
    private readonly support: RunSupport,
  ) {}

  async run(
    definition: AnyTaskDefinition,
    job: Job<TaskJobData>,
    agentId: string,
    token: string | undefined,
  ): Promise<JsonValue> {
    const steps = definition.steps ?? [];
    const index = job.data.step ?? 0;
    const step = steps[index];
    if (step === undefined) {
      throw new PermanentTaskError(`Pipeline "${definition.name}" has no step ${index}`);
    }

    const run: StepJob = {
      job,
      agentId,
      index,
      total: steps.length,
      step,
      attempt: job.attemptsMade + 1,
      attempts: job.opts.attempts ?? 1,
    };

    return job.data.item === undefined
      ? this.runStep(definition, run, token)
      : this.runItem(run, job.data.item);
  }

  private async runStep(
    definition: AnyTaskDefinition,
    run: StepJob,
    token: string | undefined,
  ): Promise<JsonValue> {
    if (!(await this.enter(run))) {
      return null;
    }

    const tracked = this.support.track(run.agentId);
    try {
      const input = await this.inputOf(definition, run);
      const output = toJson(
        run.step.split === undefined
          ? await run.step.run(input, this.stepContext(run, tracked.signal))
          : await this.fanOut(run, input, token),
      );
      await this.recorder.stepFinished(run.agentId, run.index);
      if (run.index === run.total - 1) {
        await this.support.record(this.recorder.complete(run.agentId, output, 'Completed'));
      }

      return output;
    } catch (error) {
      if (error instanceof WaitingChildrenError) {
        throw error;
      }
      await this.failStep(run, error, tracked.signal.aborted);
      throw error;
    } finally {
      tracked.done();
    }
  }

  /**
   * Moves the run into this step; false when the run already ended (canceled, failed) and the
   * step must not run. A parallel step coming back for its items' outputs enters silently.
   */
  private async enter(run: StepJob): Promise<boolean> {
    if (run.job.data.fannedOut === true) {
      return true;
    }
    if (run.index === 0 || run.attempt > 1 || run.job.stalledCounter > 0) {
      const message = startMessage(run.attempt, run.attempts, run.job.stalledCounter);
      const started = await this.recorder.start(run.agentId, run.attempt, message);
      if (started === null) {
        return false;
      }
      await this.support.record(Promise.resolve(started));
    } else if (await this.hasEnded(run.agentId)) {
      return false;
    }

    await this.recorder.stepStarted(run.agentId, run.index, run.attempt);
    const label = `step ${run.index + 1} of ${run.total}: ${run.step.description}`;
    await this.support.record(
      this.recorder.progress(run.agentId, label, (run.index / run.total) * 100),
    );

    return true;
  }

  private async inputOf(definition: AnyTaskDefinition, run: StepJob): Promise<unknown> {
    if (run.index > 0) {
      return this.childOutput(run.job, stepJobId(run.agentId, run.index - 1, run.total));
    }

    const parsed = definition.input.safeParse(run.job.data.input);
    if (!parsed.success) {
      throw new PermanentTaskError(`Invalid input: ${parsed.error.message}`);
    }

    return parsed.data;
  }

  /** Adds the item jobs on the first pass; returns their outputs once they all completed. */
  private async fanOut(run: StepJob, input: unknown, token: string | undefined) {
    const { job } = run;
    if (job.data.fannedOut !== true) {
      const items = await (run.step.split as NonNullable<StepDefinition['split']>)(input);
      if (items.length > MAX_ITEMS) {
        throw new PermanentTaskError(`A parallel step may fan out into at most ${MAX_ITEMS} items`);
      }
      await this.addItems(run, items);
      await job.updateData({ ...job.data, fannedOut: true });
      if (items.length > 0 && (await job.moveToWaitingChildren(token ?? ''))) {
        throw new WaitingChildrenError();
      }
    }

    return this.itemOutputs(run);
  }

  private async addItems(run: StepJob, items: unknown[]): Promise<void> {
    const { job, agentId, index } = run;
    // Item jobs have fixed ids: a step that runs again after a crash adds none twice.
    await this.queue.addBulk(
      items.map((item, position) => ({
        name: job.name,
        data: { ...job.data, input: item, item: position, fannedOut: false, lockKey: null },
        opts: {
          jobId: itemJobId(agentId, index, position),
          parent: { id: job.id ?? '', queue: job.queueQualifiedName },
          attempts: job.opts.attempts,
          backoff: job.opts.backoff,
          priority: job.opts.priority,
          failParentOnFailure: true,
          removeOnComplete: job.opts.removeOnComplete,
          removeOnFail: job.opts.removeOnFail,
        },
      })),
    );
  }

  private async itemOutputs(run: StepJob): Promise<unknown[]> {
    const values = await run.job.getChildrenValues();
    const pattern = new RegExp(`:${escape(run.agentId)}\\.step${run.index}\\.item(\\d+)$`);
    const items: Array<[number, unknown]> = [];
    for (const [key, value] of Object.entries(values)) {
      const match = pattern.exec(key);
      if (match !== null) {
        items.push([Number(match[1]), value]);
      }
    }

    return items.sort(([a], [b]) => a - b).map(([, value]) => value);
  }

  private async runItem(run: StepJob, item: number): Promise<JsonValue> {
    if (await this.hasEnded(run.agentId)) {
      return null;
    }

    const tracked = this.support.track(run.agentId);
    try {
      return toJson(await run.step.run(run.job.data.input, this.stepContext(run, tracked.signal)));
    } catch (error) {
      const last = error instanceof PermanentTaskError || run.attempt >= run.attempts;
      const message = `step ${run.index + 1} of ${run.total}: item ${item + 1} failed`;
      if (last && !tracked.signal.aborted) {
        const reason = errorMessage(error);
        await this.recorder.stepFinished(run.agentId, run.index, reason);
        await this.support.record(this.recorder.fail(run.agentId, reason, `${message}: ${reason}`));
      }
      throw error;
    } finally {
      tracked.done();
    }
  }

  private async failStep(run: StepJob, error: unknown, aborted: boolean): Promise<void> {
    const last = error instanceof PermanentTaskError || run.attempt >= run.attempts;
    if (last && !aborted) {
      await this.recorder.stepFinished(run.agentId, run.index, errorMessage(error));
    }

    await this.support.handleFailure(run.agentId, {
      attempt: run.attempt,
      attempts: run.attempts,
      error,
      canceled: aborted,
    });
  }

  private async childOutput(job: Job<TaskJobData>, childId: string): Promise<unknown> {
    const values = await job.getChildrenValues();
    const entry = Object.entries(values).find(([key]) => key.endsWith(`:${childId}`));
    if (entry === undefined) {
      throw new Error(`The output of ${childId} is missing`);
    }

    return entry[1];
  }

  private async hasEnded(agentId: string): Promise<boolean> {
    const activity = await this.recorder.find(agentId);

    return activity === null || isFinalStatus(activity.status);
  }

  /** A context whose progress is reported within the step's share of the pipeline. */
  private stepContext(run: StepJob, signal: AbortSignal): TaskContext {
    const parent = this.support.context(
      run.agentId,
      run.job.data.organizationId,
      run.attempt,
      signal,
    );
    const label = `step ${run.index + 1} of ${run.total}`;

    return {
      ...parent,
      progress: (message, percentage) => {
        const within = percentage === undefined ? 0 : Math.min(100, Math.max(0, percentage));

        return parent.progress(
          `${label}: ${message}`,
          ((run.index + within / 100) / run.total) * 100,
        );
      },
      log: (message) => parent.log(`${label}: ${message}`),
    };
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
