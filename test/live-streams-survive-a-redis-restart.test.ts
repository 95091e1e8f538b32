import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  collect,
  execute,
  startHarness,
  tokenFor,
  wsClient,
  type Harness,
} from './support/api-harness.js';
import { ChangeWriter } from './support/live.js';
import { EnqueueTask, ResumeFeed } from './support/operations.js';
import { PrivateRedis } from './support/private-redis.js';

let redis: PrivateRedis;
let harness: Harness;
let writer: ChangeWriter;

beforeAll(async () => {
  redis = await PrivateRedis.start();
  harness = await startHarness({ worker: false, config: { redisUrl: redis.url } });
  writer = await ChangeWriter.open(harness);
});

afterAll(async () => {
  try {
    await writer.close();
    await harness.close();
  } finally {
    await redis.kill();
  }
});

describe('a Redis restart', () => {
  it('does not end the API process when a client subscribes while Redis is down', async () => {
    const token = await tokenFor(harness, { org: 'org-down' });
    await redis.kill();
    const client = wsClient(harness, token);
    try {
      const stream = collect(client, ResumeFeed, { after: null });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await redis.restart();

      await vi.waitFor(() => expect(harness.api.services.streams.stats().listeners).toBe(1), {
        timeout: 15_000,
      });
      const { body } = await execute(
        harness,
        EnqueueTask,
        { input: { task: 'echo', context: { text: 'after' } } },
        token,
      );
      expect(body.errors).toBeUndefined();
      await vi.waitFor(() => expect(stream.events.length).toBeGreaterThanOrEqual(1), {
        timeout: 10_000,
      });
    } finally {
      await client.dispose();
    }
  });

  it('keeps client streams open and delivers what changed while Redis was down', async () => {
    const token = await tokenFor(harness, { org: 'org-restart' });
    const { body } = await execute(
      harness,
      EnqueueTask,
      { input: { task: 'echo', context: { text: 'x' } } },
      token,
    );
    const agentId = body.data!.enqueueTask.agentId;
    await writer.start(agentId);

    const client = wsClient(harness, token);
    try {
      const stream = collect(client, ResumeFeed, { after: null });
      await vi.waitFor(() => expect(harness.api.services.streams.stats().listeners).toBe(1));

      await redis.kill();
      await writer.progressUnpublished(agentId, 'while Redis was down');
      await redis.restart();

      await vi.waitFor(
        () =>
          expect(stream.events.map((event) => event.data?.activityFeed.log.message)).toEqual([
            'while Redis was down',
          ]),
        { timeout: 15_000, interval: 100 },
      );

      await writer.progress(agentId, 'after the restart', 80);
      await vi.waitFor(() => expect(stream.events).toHaveLength(2), { timeout: 10_000 });
      expect(stream.events[1]?.data?.activityFeed.log.message).toBe('after the restart');
    } finally {
      await client.dispose();
    }
  });
});
