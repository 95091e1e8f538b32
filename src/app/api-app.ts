import { FlowProducer, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';

import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import { ActivityRecorder } from '../db/activity-recorder.js';
import { createDatabase } from '../db/database.js';
import type { Database } from '../db/database-types.js';
import { activityTopics } from '../events/activity-channels.js';
import { ActivityPublisher } from '../events/activity-publisher.js';
import { createChangeEventTarget } from '../events/activity-event-target.js';
import { ActivityStreams } from '../events/activity-streams.js';
import type { ApiServices } from '../graphql/context.js';
import { createApiServer, type ApiServer } from '../server/api-server.js';
import { createApiYoga, createLiveEvents, type ApiYoga } from '../server/create-yoga.js';
import { TASK_QUEUE_NAME, type TaskJobData } from '../tasks/task-job.js';
import { TaskQueue } from '../tasks/task-queue.js';
import { TaskSchedules } from '../tasks/task-schedules.js';
import type { TaskRegistry } from '../tasks/task-registry.js';
import { connectRedis } from './redis-connection.js';

/** One API process: its connections, services, Yoga and the HTTP/WebSocket server. */
export interface ApiApp {
  db: Kysely<Database>;
  /** The Redis connection in subscriber mode that every subscription of this process shares. */
  subscriber: Redis;
  yoga: ApiYoga;
  server: ApiServer;
  services: ApiServices;
  close(): Promise<void>;
}

/** Options of {@link createApiApp}. */
export interface ApiAppOptions {
  config: Config;
  logger: Logger;
  registry: TaskRegistry;
}

/** Connects to PostgreSQL and Redis and assembles the API; call `server.listen` to serve it. */
export async function createApiApp(options: ApiAppOptions): Promise<ApiApp> {
  const { config, logger, registry } = options;
  const db = createDatabase({ connectionString: config.databaseUrl, logger });
  const redis = await connectRedis(config.redisUrl, 'client', logger);
  const subscriber = await connectRedis(config.redisUrl, 'subscriber', logger);

  const topics = activityTopics(config.queuePrefix);
  const publisher = new ActivityPublisher(redis, topics, logger);
  const queue = new Queue<TaskJobData>(TASK_QUEUE_NAME, {
    connection: redis,
    prefix: config.queuePrefix,
  });
  queue.on('error', (error) => logger.error({ err: error }, 'queue error'));
  const flows = new FlowProducer({ connection: redis, prefix: config.queuePrefix });
  flows.on('error', (error) => logger.error({ err: error }, 'flow producer error'));
  // A document's limit, and room for the other fields of its input; scheduled inputs alike.
  const maxInputBytes = config.maxDocumentBytes + 4096;
  const services: ApiServices = {
    db,
    taskQueue: new TaskQueue({
      queue,
      flows,
      registry,
      recorder: new ActivityRecorder(db),
      publisher,
      idempotencyTtlSeconds: config.idempotencyTtlSeconds,
      maxInputBytes,
    }),
    schedules: new TaskSchedules({
      db,
      queue,
      registry,
      limits: {
        minIntervalSeconds: config.scheduleMinIntervalSeconds,
        maxPerOrganization: config.maxSchedulesPerOrganization,
      },
      maxInputBytes,
    }),
    streams: new ActivityStreams({
      db,
      eventTarget: createChangeEventTarget(redis, subscriber),
      subscriber,
      topics,
      logger,
      limits: {
        bufferSize: config.subscriptionBuffer,
        maxReplay: config.maxReplay,
        maxSubscriptionsPerOrganization: config.maxSubscriptionsPerOrganization,
      },
    }),
    jwtSecret: config.jwtSecret,
    maxDocumentBytes: config.maxDocumentBytes,
  };
  const liveEvents = createLiveEvents(logger);
  const yoga = createApiYoga(services, config, logger, liveEvents);
  const server = createApiServer({
    yoga,
    liveEvents,
    logger,
    maxMessageBytes: config.maxRequestBytes,
    maxOperationsPerConnection: config.maxOperationsPerConnection,
    keepAliveMs: config.keepAliveMs,
  });

  return {
    db,
    subscriber,
    yoga,
    server,
    services,
    async close() {
      await server.close();
      await flows.close();
      await queue.close();
      subscriber.disconnect();
      await redis.quit();
      await db.destroy();
    },
  };
}

export type { Redis };
