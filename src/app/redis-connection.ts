import { Redis } from 'ioredis';

import type { Logger } from '../config/logger.js';

/**
 * What a connection is for:
 * - `client`: API commands and enqueue; fails fast while Redis is down instead of queueing.
 * - `worker`: BullMQ workers, which require `maxRetriesPerRequest: null` to block on jobs.
 * - `subscriber`: pub/sub; resubscribes by itself after reconnecting. Its commands wait for the
 *   connection instead of failing: graphql-yoga's Redis event target does not catch a failed
 *   SUBSCRIBE, and an unhandled rejection would end the process.
 */
export type RedisRole = 'client' | 'worker' | 'subscriber';

/**
 * Opens a connection for `role` and resolves once it is ready. Connection errors are logged;
 * ioredis reconnects by itself, and a subscriber resubscribes its channels.
 */
export async function connectRedis(url: string, role: RedisRole, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: role === 'client' ? 2 : null,
    enableOfflineQueue: role !== 'client',
    connectionName: `agentexec-${role}`,
  });
  redis.on('error', (error: Error) => logger.warn({ err: error, role }, 'redis connection error'));
  await redis.connect();

  return redis;
}
