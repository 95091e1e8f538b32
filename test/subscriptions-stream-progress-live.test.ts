import { once } from 'node:events';

import { print } from 'graphql';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  collect,
  execute,
  startHarness,
  tokenFor,
  wsClient,
  type Harness,
} from './support/api-harness.js';
import { activityTopics, channelOf } from '../src/events/activity-channels.js';
import { spawnApi } from './support/spawn-worker.js';
import { EnqueueTask, WatchActivity, WatchFeed } from './support/operations.js';

let harness: Harness;
let token: string;

beforeAll(async () => {
  harness = await startHarness();
  token = await tokenFor(harness, { org: 'org-live' });
});

afterAll(() => harness.close());

async function enqueueEcho(text: string, delayMs = 300) {
  const { body } = await execute(
    harness,
    EnqueueTask,
    { input: { task: 'echo', context: { text, delayMs } } },
    token,
  );

  return body.data!.enqueueTask.agentId;
}

async function channelSubscribers(organizationId: string): Promise<number> {
  const channel = channelOf(
    activityTopics(harness.env.config.queuePrefix).organization,
    organizationId,
  );
  const redis = new Redis(harness.env.config.redisUrl);
  try {
    const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];

    return count;
  } finally {
    redis.disconnect();
  }
}

/** Reads an SSE response into its `next` payloads until the server ends the stream. */
async function readSse(response: Response): Promise<unknown[]> {
  const text = await response.text();

  return text
    .split('\n\n')
    .filter((block) => block.includes('event: next'))
    .map((block) =>
      JSON.parse(
        block
          .split('\n')
          .find((line) => line.startsWith('data: '))!
          .slice(6),
      ),
    );
}

describe('activityUpdated', () => {
  it('sends the current state, then every change in order, then completes after the final status', async () => {
    const agentId = await enqueueEcho('hello');
    const client = wsClient(harness, token);
    try {
      const stream = collect(client, WatchActivity, { agentId });
      await stream.ended;

      const events = stream.events.map((event) => event.data!.activityUpdated);
      const statuses = events.map((event) => event.activity.status);
      expect(statuses.at(-1)).toBe('COMPLETE');
      expect(events.at(-1)?.activity.result).toEqual({ echoed: 'hello' });

      // Cursors strictly increase: nothing repeated, nothing out of order.
      const cursors = events.map((event) => BigInt(event.cursor));
      expect(cursors).toEqual([...cursors].sort((a, b) => (a < b ? -1 : 1)));
      expect(new Set(cursors).size).toBe(cursors.length);

      // Whatever the snapshot was, every change after it arrived.
      const { db } = harness.env;
      const logs = await db
        .selectFrom('agentexec_activity_log')
        .select('sequence')
        .where('agent_id', '=', agentId)
        .where('sequence', '>=', events[0]!.cursor)
        .orderBy('sequence')
        .execute();
      expect(events.map((event) => event.cursor)).toEqual(logs.map((log) => log.sequence));
    } finally {
      await client.dispose();
    }
  });

  it('sends one snapshot and completes at once for an activity that already finished', async () => {
    const agentId = await enqueueEcho('done', 0);
    await vi.waitFor(async () => {
      const row = await harness.env.db
        .selectFrom('agentexec_activity')
        .select('status')
        .where('agent_id', '=', agentId)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('COMPLETE');
    });

    const client = wsClient(harness, token);
    try {
      const stream = collect(client, WatchActivity, { agentId });
      await stream.ended;
      expect(stream.events.map((event) => event.data?.activityUpdated.log.message)).toEqual([
        'Completed',
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('delivers the same stream over SSE', async () => {
    const agentId = await enqueueEcho('over sse');
    const response = await fetch(harness.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: print(WatchActivity), variables: { agentId } }),
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);

    const events = (await readSse(response)) as Array<{
      data: { activityUpdated: { activity: { status: string; result: unknown } } };
    }>;
    expect(events.at(-1)?.data.activityUpdated.activity).toMatchObject({
      status: 'COMPLETE',
      result: { echoed: 'over sse' },
    });
  });

  it('is UNAUTHENTICATED over a socket without a token, which stays open for other operations', async () => {
    const agentId = await enqueueEcho('anon', 0);
    const client = wsClient(harness);
    try {
      const stream = collect(client, WatchActivity, { agentId });
      await stream.ended;
      expect(stream.events[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

      const again = collect(client, WatchActivity, { agentId });
      await again.ended;
      expect(again.events[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await client.dispose();
    }
  });
});

describe('activityFeed', () => {
  it('streams every change in the organization, from every API process sharing Redis', async () => {
    const second = await spawnApi(harness.env.config);
    const first = wsClient(harness, token);
    const other = wsClient({ ...harness, url: `http://127.0.0.1:${second.port}/graphql` }, token);
    try {
      const feedOne = collect(first, WatchFeed, {});
      const feedTwo = collect(other, WatchFeed, {});
      // Both processes hold the organization's channel before anything is published.
      await vi.waitFor(async () => expect(await channelSubscribers('org-live')).toBe(2), {
        timeout: 10_000,
      });

      const agentId = await enqueueEcho('fan out', 0);
      const completed = (feed: typeof feedOne) =>
        feed.events.some(
          (event) =>
            event.data?.activityFeed.activity.agentId === agentId &&
            event.data.activityFeed.activity.status === 'COMPLETE',
        );
      await vi.waitFor(() => {
        expect(completed(feedOne)).toBe(true);
        expect(completed(feedTwo)).toBe(true);
      });

      const messages = (feed: typeof feedOne) =>
        feed.events.map((event) => event.data?.activityFeed.log.message);
      expect(messages(feedOne)).toEqual(messages(feedTwo));
      expect(messages(feedOne)).toEqual(['Waiting to start', 'Started', 'Echoing', 'Completed']);
    } finally {
      await first.dispose();
      await other.dispose();
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    }
  });
});
