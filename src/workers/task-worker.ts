import { Worker, type FlowProducer, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';

import type { Logger } from '../config/logger.js';
import type { ActivityRecorder } from '../db/activity-recorder.js';
import type { ActivityPublisher } from '../events/activity-publisher.js';
import type { ActivityTopics } from '../events/activity-channels.js';
import { TASK_QUEUE_NAME, type TaskJobData } from '../tasks/task-job.js';
import type { TaskRegistry } from '../tasks/task-registry.js';
import { JobRunner, scheduledRunKey } from './job-runner.js';
import type { Admission } from './admission.js';
import { Reconciler } from './reconciler.js';

/** Options of {@link startTaskWorker}. */
export interface TaskWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers require. */
  connection: Redis;
  queue: Queue<TaskJobData>;
  /** Adds the flows of children that tasks spawn. */
  flows: FlowProducer;
  prefix: string;
  topics: ActivityTopics;
  registry: TaskRegistry;
  /** Fair share and lock keys; without it every job runs as soon as a worker takes it. */
  admission?: Admission;
  recorder: ActivityRecorder;
  publisher: ActivityPublisher;
  logger: Logger;
  /** Jobs run at once by this process. Default: 4. */
  concurrency?: number;
  /** How often orphaned activities are looked for; 0 turns it off. Default: 60 s. */
  reconcileEveryMs?: number;
  /** Age below which an unfinished activity is never reconciled. Default: 30 s. */
  reconcileGraceMs?: number;
  /** Time a job's lock lasts without renewal before BullMQ treats it as stalled. Default: 30 s. */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs. Default: 30 s. */
  stalledIntervalMs?: number;
}

/** A running worker process's part: stop it with `close`. */
export interface TaskWorker {
  worker: Worker<TaskJobData>;
  reconciler: Reconciler;
  /** Stops taking jobs, waits for running ones, and closes its connections. */
  close(): Promise<void>;
}

/**
 * Starts a BullMQ worker for the task queue, its cancel listener and its reconciler. Worker
 * outcomes are logged here and nowhere else.
 */
export async function startTaskWorker(options: TaskWorkerOptions): Promise<TaskWorker> {
  const runner = new JobRunner(options);
  const reconciler = new Reconciler(options);
  const worker = new Worker<TaskJobData>(TASK_QUEUE_NAME, runner.process, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 4,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
  });
  logOutcomes(worker, options);

  const cancelListener = await listenForCancel(options, runner);
  await reconcileQuietly(reconciler, options);
  const interval = options.reconcileEveryMs ?? 60_000;
  const timer =
    interval > 0 ? setInterval(() => void reconcileQuietly(reconciler, options), interval) : null;
  timer?.unref();

  return {
    worker,
    reconciler,
    async close() {
      if (timer !== null) {
        clearInterval(timer);
      }
      await worker.close();
      cancelListener.disconnect();
    },
  };
}

async function listenForCancel(options: TaskWorkerOptions, runner: JobRunner): Promise<Redis> {
  const subscriber = options.connection.duplicate();
  subscriber.on('error', (error: Error) =>
    options.logger.warn({ err: error }, 'cancel listener connection error'),
  );
  subscriber.on('message', (_channel: string, agentId: string) => {
    if (runner.abort(agentId)) {
      options.logger.info({ agentId }, 'abort delivered to running job');
    }
  });
  await subscriber.subscribe(options.topics.cancel);

  return subscriber;
}

async function reconcileQuietly(reconciler: Reconciler, options: TaskWorkerOptions): Promise<void> {
  try {
    await reconciler.run(options.reconcileGraceMs ?? 30_000);
  } catch (error) {
    options.logger.error({ err: error }, 'reconcile failed');
  }
}

function logOutcomes(worker: Worker<TaskJobData>, options: TaskWorkerOptions): void {
  const { logger } = options;
  const fields = (job: Job<TaskJobData>) => ({
    jobId: job.id,
    agentId: job.data.agentId,
    task: job.name,
    attempt: job.attemptsMade,
    organization: job.data.organizationId,
  });

  worker.on('completed', (job) => logger.info(fields(job), 'job completed'));
  worker.on('stalled', (jobId) => logger.warn({ jobId }, 'job stalled; it will run again'));
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  worker.on('failed', (job, error) => {
    if (job === undefined) {
      logger.error({ err: error }, 'job failed');
      return;
    }
    logger.warn({ ...fields(job), err: error }, 'job failed');
    void endIfFinallyFailed(job, error, options);
  });
}

/**
 * A job can fail without its processor running, when it stalled more often than BullMQ allows.
 * Once BullMQ gives up on it, the activity must leave QUEUED or RUNNING too.
 */
async function endIfFinallyFailed(
  job: Job<TaskJobData>,
  error: Error,
  options: TaskWorkerOptions,
): Promise<void> {
  try {
    if ((await job.getState()) !== 'failed') {
      return;
    }
    const agentId =
      job.data.agentId ??
      (await options.recorder.agentIdForKey(job.data.organizationId, scheduledRunKey(job)));
    if (agentId === null) {
      return;
    }
    const change = await options.recorder.fail(agentId, error.message, `Failed: ${error.message}`);
    await options.publisher.publish(change);
  } catch (failure) {
    options.logger.error({ err: failure, agentId: job.data.agentId }, 'could not record failure');
  }
}
