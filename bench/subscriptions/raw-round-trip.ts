import { performance } from 'node:perf_hooks';

import { Redis } from 'ioredis';

/** Options of {@link measureRawRoundTrips}. */
export interface RawRoundTripOptions {
  redisUrl: string;
  channel: string;
  payload: string;
  rounds: number;
  /** Untimed round trips first, so connections and JIT are warm. */
  warmupRounds: number;
}

/**
 * The latency floor of pub/sub: one ioredis connection publishes, another in the same process
 * receives, one message at a time. Returns each timed publish-to-'message' time in ms.
 */
export async function measureRawRoundTrips(options: RawRoundTripOptions): Promise<number[]> {
  const publisher = new Redis(options.redisUrl);
  const subscriber = new Redis(options.redisUrl);
  try {
    await subscriber.subscribe(options.channel);
    const roundTrip = roundTripper(publisher, subscriber, options);
    for (let round = 0; round < options.warmupRounds; round += 1) {
      await roundTrip();
    }

    const latencies: number[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      latencies.push(await roundTrip());
    }

    return latencies;
  } finally {
    subscriber.disconnect();
    publisher.disconnect();
  }
}

function roundTripper(publisher: Redis, subscriber: Redis, options: RawRoundTripOptions) {
  let arrived: ((arrivedMs: number) => void) | null = null;
  subscriber.on('message', (channel: string) => {
    if (channel === options.channel) {
      arrived?.(performance.now());
    }
  });

  return async (): Promise<number> => {
    const received = new Promise<number>((resolve) => {
      arrived = resolve;
    });
    const started = performance.now();
    await publisher.publish(options.channel, options.payload);

    return (await received) - started;
  };
}
