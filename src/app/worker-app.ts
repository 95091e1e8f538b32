import { FlowProducer, Queue } from 'bullmq';
import type { Kysely } from 'kysely';

import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import { ActivityRecorder } from '../db/activity-recorder.js';
import { createDatabase } from '../db/database.js';
import type { Database } from '../db/database-types.js';
import { activityTopics } from '../events/activity-channels.js';
import { ActivityPublisher } from '../events/activity-publisher.js';
import { TASK_QUEUE_NAME, type TaskJobData } from '../tasks/task-job.js';
import type { TaskRegistry } from '../tasks/task-registry.js';
import { TaskSchedules, type ScheduleDefinition } from '../tasks/task-schedules.js';
import { Admission } from '../workers/admission.js';
import {
  startTaskWorker,
  type TaskWorker,
  type TaskWorkerOptions,
} from '../workers/task-worker.js';
import { connectRedis } from './redis-connection.js';

/** One worker process's part: its connections and the running BullMQ worker. */
export interface WorkerApp {
  db: Kysely<Database>;
  worker: TaskWorker;
  /** Finishes running jobs, then closes every connection. */
  close(): Promise<void>;
}

/** Options of {@link startWorkerApp}; the rest tune the worker and have its defaults. */
export type WorkerAppOptions = {
  config: Config;
  logger: Logger;
  registry: TaskRegistry;
  /** Schedules defined in code, installed at start. Default: none. */
  schedules?: readonly ScheduleDefinition[];
} & Partial<Pick<TaskWorkerOptions, 'reconcileEveryMs' | 'reconcileGraceMs'>>;

export async function startWorkerApp(options: WorkerAppOptions): Promise<WorkerApp> {
  const { config, logger } = options;
  const db = createDatabase({ connectionString: config.databaseUrl, logger });
  const connection = await connectRedis(config.redisUrl, 'worker', logger);
  const topics = activityTopics(config.queuePrefix);
  const queue = new Queue<TaskJobData>(TASK_QUEUE_NAME, { connection, prefix: config.queuePrefix });
  const flows = new FlowProducer({ connection, prefix: config.queuePrefix });

  if (options.schedules !== undefined && options.schedules.length > 0) {
    await new TaskSchedules({ db, queue, registry: options.registry }).install(options.schedules);
  }

  const worker = await startTaskWorker({
    ...options,
    connection,
    queue,
    flows,
    prefix: config.queuePrefix,
    topics,
    recorder: new ActivityRecorder(db),
    admission: new Admission(connection, config.queuePrefix, {
      organizationConcurrency: config.organizationConcurrency,
      leaseMs: config.lockLeaseMs,
    }),
    publisher: new ActivityPublisher(connection, topics, logger),
    concurrency: config.workerConcurrency,
    lockDurationMs: config.workerLockMs,
    stalledIntervalMs: config.workerStalledCheckMs,
  });

  return {
    db,
    worker,
    async close() {
      await worker.close();
      await flows.close();
      await queue.close();
      await connection.quit();
      await db.destroy();
    },
  };
}
