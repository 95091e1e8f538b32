import { setTimeout as sleep } from 'node:timers/promises';

import { print } from 'graphql';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';

import {
  enqueueTask,
  collect,
  startHarness,
  tokenFor,
  wsClient,
  type Harness,
} from './support/api-harness.js';
import { OrganizationActivities } from '../src/db/organization-activities.js';
import { ChangeWriter } from './support/live.js';
import { ResumeActivity, ResumeFeed, WatchFeed } from './support/operations.js';

const ORG = 'org-faults';

let harness: Harness;
let token: string;
let writer: ChangeWriter;
let admin: Redis;

beforeAll(async () => {
  harness = await startHarness({
    worker: false,
    config: {
      subscriptionBuffer: 16,
      maxSubscriptionsPerOrganization: 40,
      maxOperationsPerConnection: 5,
      keepAliveMs: 300,
    },
  });
  token = await tokenFor(harness, { org: ORG });
  writer = await ChangeWriter.open(harness);
  admin = new Redis(harness.env.config.redisUrl);
});

afterAll(async () => {
  admin.disconnect();
  await writer.close();
  await harness.close();
});

function enqueue(): Promise<string> {
  return enqueueTask(harness, token, 'echo', { text: 'x' });
}

/** A bare graphql-ws socket with one subscription, for tests that misbehave as a client. */
async function rawSubscription(
  query: string,
  variables: Record<string, unknown>,
  options: WebSocket.ClientOptions = {},
) {
  const url = harness.url.replace('http', 'ws');
  const socket = new WebSocket(url, 'graphql-transport-ws', options);
  await new Promise((resolve) => socket.once('open', resolve));
  const init = { type: 'connection_init', payload: { authorization: `Bearer ${token}` } };
  socket.send(JSON.stringify(init));
  await new Promise((resolve) => socket.once('message', resolve));
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));

  return socket;
}

async function channelSubscribers(organizationId = ORG): Promise<number> {
  const [, count] = (await admin.pubsub('NUMSUB', writer.organizationChannel(organizationId))) as [
    string,
    number,
  ];

  return count;
}

function scopeOf(organizationId: string): OrganizationActivities {
  return new OrganizationActivities(harness.env.db, organizationId);
}

function stats() {
  return harness.api.services.streams.stats();
}

async function idle() {
  await vi.waitFor(() =>
    expect(stats()).toEqual({ feeds: 0, listeners: 0, starting: 0, buffered: 0 }),
  );
  await vi.waitFor(async () => expect(await channelSubscribers()).toBe(0));
}

describe('fan-out', () => {
  it('holds one Redis subscription for the organization however many clients listen', async () => {
    const agentId = await enqueue();
    const clients = Array.from({ length: 6 }, () => wsClient(harness, token));
    try {
      const streams = clients.flatMap((client) => [
        collect(client, ResumeFeed, { after: null }),
        collect(client, ResumeActivity, { agentId, after: null }),
      ]);
      await vi.waitFor(() => expect(stats().listeners).toBe(12));

      expect(await channelSubscribers()).toBe(1);
      expect(stats().feeds).toBe(1);

      await writer.start(agentId);
      await vi.waitFor(() => {
        for (const stream of streams) {
          expect(stream.events.length).toBeGreaterThanOrEqual(1);
        }
      });
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }

    await idle();
  });
});

describe('clients that vanish', () => {
  it('leave nothing behind when they disconnect while the subscription is being set up', async () => {
    const agentId = await enqueue();
    for (let round = 0; round < 30; round += 1) {
      const socket = await rawSubscription(print(ResumeActivity), { agentId });
      // Gone before, during or after authorization, depending on the round.
      await sleep(round % 5);
      socket.terminate();
    }

    await idle();
  });
});

describe('a client whose network vanished', () => {
  it('is closed once it leaves a ping unanswered, and leaves nothing behind', async () => {
    // A socket that answers no ping stands for a peer gone without closing its connection.
    const silent = await rawSubscription(print(ResumeFeed), { after: null }, { autoPong: false });
    const answering = wsClient(harness, token);
    try {
      const kept = collect(answering, ResumeFeed, { after: null });
      await vi.waitFor(() => expect(stats().listeners).toBe(2));
      const closed = new Promise<number>((resolve) => silent.once('close', resolve));

      // Two keep-alive periods of 300 ms: one ping, then the close for leaving it unanswered.
      expect(await closed).toBe(1006);
      await vi.waitFor(() => expect(stats().listeners).toBe(1));
      // A socket that answers stays, period after period, and its stream goes on.
      await sleep(1000);
      const agentId = await enqueue();
      await writer.start(agentId);
      await vi.waitFor(() =>
        expect(kept.events.map((event) => event.data?.activityFeed.log.message)).toEqual([
          'Waiting to start',
          'Started',
        ]),
      );
    } finally {
      await answering.dispose();
      silent.terminate();
    }
    await idle();
  });
});

describe('SSE clients that vanish', () => {
  it('leave nothing behind when they go away while the subscription is being set up', async () => {
    // A replay of some hundred changes keeps the setup busy long enough to leave during it.
    const agentId = await enqueue();
    await writer.start(agentId);
    for (let step = 0; step < 300; step += 1) {
      await writer.progressUnpublished(agentId, `history ${step}`);
    }
    const body = JSON.stringify({ query: print(ResumeFeed), variables: { after: '0' } });
    await Promise.all(
      Array.from({ length: 60 }, async (_, round) => {
        const controller = new AbortController();
        const request = fetch(harness.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            authorization: `Bearer ${token}`,
          },
          body,
          signal: controller.signal,
        }).then((response) => response.body?.cancel());
        setTimeout(() => controller.abort(), 5 + ((round * 7) % 60));
        await request.catch(() => undefined);
      }),
    );

    await idle();
  });
});

describe('a stream already ended when it opens', () => {
  it('starts no feed: an aborted request, or a token expired by then', async () => {
    // What an SSE request gone during authorization, or a token expiring meanwhile, hands over.
    const streams = harness.api.services.streams;
    const expired = { atMs: Date.now() - 1, error: () => new Error('expired') };
    const opened = [
      await streams.openOrganization(scopeOf('org-gone-aborted'), null, {
        signal: AbortSignal.abort(),
      }),
      await streams.openOrganization(scopeOf('org-gone-expired'), null, { deadline: expired }),
    ];

    await expect(opened[0]!.next()).resolves.toEqual({ value: undefined, done: true });
    await expect(opened[1]!.next()).rejects.toThrow('expired');
    expect(stats()).toEqual({ feeds: 0, listeners: 0, starting: 0, buffered: 0 });
    for (const organization of ['org-gone-aborted', 'org-gone-expired']) {
      expect(await channelSubscribers(organization)).toBe(0);
    }
  });
});

describe('a client that stops reading', () => {
  it('is cut off when its buffer is full, and the process buffers no more than the bound', async () => {
    const agentId = await enqueue();
    await writer.start(agentId);

    const socket = await rawSubscription(print(ResumeFeed), {});
    await vi.waitFor(() => expect(stats().listeners).toBe(1));

    // Stop reading: the kernel buffers fill, graphql-ws waits on the socket, the queue fills.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = 'x'.repeat(64 * 1024);
    let peak = 0;
    for (let step = 0; step < 200 && stats().listeners > 0; step += 1) {
      await writer.progress(agentId, `${step} ${big}`);
      peak = Math.max(peak, stats().buffered);
    }

    await vi.waitFor(() => expect(stats().listeners).toBe(0), { timeout: 10_000 });
    expect(peak).toBeLessThanOrEqual(16);
    socket.terminate();
    await idle();
  });
});

describe('faults', () => {
  it('ignores a malformed message on the channel; every subscriber keeps its stream', async () => {
    const agentId = await enqueue();
    const clients = [wsClient(harness, token), wsClient(harness, token)];
    try {
      const streams = clients.map((client) => collect(client, ResumeFeed, { after: null }));
      await vi.waitFor(() => expect(stats().listeners).toBe(2));

      await writer.publishRaw(ORG, 'not json {');
      await writer.publishRaw(ORG, JSON.stringify({ activity: { agentId: 1 } }));
      await writer.start(agentId);

      await vi.waitFor(() => {
        for (const stream of streams) {
          expect(stream.events.map((event) => event.data?.activityFeed.log.message)).toEqual([
            'Started',
          ]);
        }
      });
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });

  it('fails an event only for the documents it cannot resolve; every stream goes on', async () => {
    const agentId = await enqueue();
    await writer.start(agentId);
    const clients = [0, 1, 2].map(() => wsClient(harness, token));
    try {
      // ResumeFeed selects the percentage, which this one event carries broken; WatchFeed does not.
      const [broken, alsoBroken, spared] = [
        collect(clients[0]!, ResumeFeed, { after: null }),
        collect(clients[1]!, ResumeFeed, { after: null }),
        collect(clients[2]!, WatchFeed, {}),
      ];
      await vi.waitFor(() => expect(stats().listeners).toBe(3));

      await writer.progressPublishedAltered(agentId, 'broken', (change) => {
        change.activity.percentage = 'not a number';
      });
      await writer.progress(agentId, 'after it', 50);

      await vi.waitFor(() => {
        for (const stream of [broken, alsoBroken, spared]) {
          expect(stream.events).toHaveLength(2);
        }
      });
      for (const stream of [broken, alsoBroken]) {
        expect(stream.events[0]?.errors?.[0]?.message).toMatch(/Int cannot represent/);
        expect(stream.events[1]?.errors).toBeUndefined();
        expect(stream.events[1]?.data?.activityFeed.log.message).toBe('after it');
      }
      expect(spared.events.map((event) => event.errors)).toEqual([undefined, undefined]);
      expect(spared.events.map((event) => event.data?.activityFeed.log.message)).toEqual([
        'broken',
        'after it',
      ]);
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });

  it('fills from PostgreSQL what was published while the Redis subscriber was cut off', async () => {
    const agentId = await enqueue();
    await writer.start(agentId);
    const client = wsClient(harness, token);
    try {
      const stream = collect(client, ResumeFeed, { after: null });
      await vi.waitFor(async () => expect(await channelSubscribers()).toBe(1));

      // This process's subscriber only: other test files share the Redis server.
      const { localAddress, localPort } = harness.api.subscriber.stream;
      await admin.client('KILL', 'ADDR', `${localAddress}:${localPort}`);
      // Committed while no subscriber listens: pub/sub drops it, PostgreSQL has it.
      await writer.progress(agentId, 'during the outage', 40);
      await vi.waitFor(async () => expect(await channelSubscribers()).toBe(1), { timeout: 10_000 });
      await writer.progress(agentId, 'after the outage', 60);

      await vi.waitFor(() =>
        expect(stream.events.map((event) => event.data?.activityFeed.log.message)).toEqual([
          'during the outage',
          'after the outage',
        ]),
      );
    } finally {
      await client.dispose();
    }
  });

  it('fills a hole when one change is never published', async () => {
    const agentId = await enqueue();
    await writer.start(agentId);
    const client = wsClient(harness, token);
    try {
      const stream = collect(client, ResumeFeed, { after: null });
      await vi.waitFor(() => expect(stats().listeners).toBe(1));

      await writer.progressUnpublished(agentId, 'lost publish');
      await writer.progress(agentId, 'next one', 70);

      await vi.waitFor(() =>
        expect(stream.events.map((event) => event.data?.activityFeed.log.message)).toEqual([
          'lost publish',
          'next one',
        ]),
      );
    } finally {
      await client.dispose();
    }
  });
});

describe('a change that can never be delivered', () => {
  it('does not stall the feed: later changes still arrive', async () => {
    const agentId = await enqueue();
    await writer.start(agentId);
    const client = wsClient(harness, token);
    try {
      const stream = collect(client, ResumeFeed, { after: null });
      await vi.waitFor(() => expect(stats().listeners).toBe(1));

      await writer.progressUnpublished(agentId, 'deleted by hand');
      await harness.env.db
        .deleteFrom('agentexec_activity_log')
        .where('message', '=', 'deleted by hand')
        .execute();
      await writer.progress(agentId, 'after the hole', 90);

      await vi.waitFor(() =>
        expect(stream.events.map((event) => event.data?.activityFeed.log.message)).toEqual([
          'after the hole',
        ]),
      );
      expect(stats().buffered).toBe(0);
    } finally {
      await client.dispose();
    }
  });
});

describe('limits', () => {
  it('refuses operations past the per-connection limit with TOO_MANY_SUBSCRIPTIONS', async () => {
    const client = wsClient(harness, token);
    try {
      const open = Array.from({ length: 5 }, () => collect(client, ResumeFeed, { after: null }));
      await vi.waitFor(() => expect(stats().listeners).toBe(5));

      const refused = collect(client, ResumeFeed, { after: null });
      await expect(refused.ended).rejects.toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'TOO_MANY_SUBSCRIPTIONS',
            scope: 'connection',
          }),
        }),
      ]);
      expect(open.every((stream) => stream.events.length === 0)).toBe(true);
    } finally {
      await client.dispose();
    }
    await idle();
  });

  it('refuses subscriptions past the per-organization limit, leaving other organizations free', async () => {
    const clients = Array.from({ length: 8 }, () => wsClient(harness, token));
    const other = wsClient(harness, await tokenFor(harness, { org: 'org-other' }));
    try {
      clients.forEach((client) => {
        for (let index = 0; index < 5; index += 1) {
          collect(client, ResumeFeed, { after: null });
        }
      });
      await vi.waitFor(() => expect(stats().listeners).toBe(40));

      const extra = wsClient(harness, token);
      const refused = collect(extra, ResumeFeed, { after: null });
      const stream = await refused.ended.then(
        () => refused.events[0]?.errors,
        (errors: unknown) => errors,
      );
      expect(stream).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'TOO_MANY_SUBSCRIPTIONS',
            scope: 'organization',
          }),
        }),
      ]);
      await extra.dispose();

      collect(other, ResumeFeed, { after: null });
      await vi.waitFor(() => expect(stats().listeners).toBe(41));
    } finally {
      await Promise.all([...clients, other].map((client) => client.dispose()));
    }
    await idle();
  });
});
