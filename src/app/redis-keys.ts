import { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix:` (a deployment's BullMQ queues and admission state), a page
 * at a time, so a large keyspace is not blocked. For tests, benchmarks and decommissioning.
 */
export async function deleteKeysWithPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  redis.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        await redis.unlink(...keys);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
