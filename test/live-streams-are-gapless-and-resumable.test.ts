import { setTimeout as sleep } from 'node:timers/promises';

import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  enqueueTask,
  collect,
  startHarness,
  tokenFor,
  wsClient,
  type Harness,
} from './support/api-harness.js';
import { ChangeWriter } from './support/live.js';
import { ResumeActivity, ResumeFeed } from './support/operations.js';

const ORG = 'org-resume';

let harness: Harness;
let token: string;
let writer: ChangeWriter;

beforeAll(async () => {
  // No worker: the test writes every change itself, exactly when it wants.
  harness = await startHarness({ worker: false, config: { maxReplay: 20 } });
  token = await tokenFor(harness, { org: ORG });
  writer = await ChangeWriter.open(harness);
});

afterAll(async () => {
  await writer.close();
  await harness.close();
});

function enqueue(): Promise<string> {
  return enqueueTask(harness, token, 'echo', { text: 'x' });
}

async function sequencesOf(agentId: string): Promise<string[]> {
  const rows = await harness.env.db
    .selectFrom('agentexec_activity_log')
    .select('sequence')
    .where('agent_id', '=', agentId)
    .orderBy('sequence')
    .execute();

  return rows.map((row) => row.sequence);
}

function listeners(): number {
  return harness.api.services.streams.stats().listeners;
}

describe('a subscription opened while the activity changes', () => {
  it('gets its snapshot and then every later change exactly once, in order', async () => {
    const agentId = await enqueue();
    await writer.start(agentId);

    const clients = Array.from({ length: 8 }, () => wsClient(harness, token));
    const streams: Array<ReturnType<typeof collect<unknown, unknown>>> = [];
    try {
      // Subscriptions open one by one while changes are being written.
      const writing = (async () => {
        for (let step = 1; step <= 40; step += 1) {
          await writer.progress(agentId, `step ${step}`, step);
        }
      })();
      for (const client of clients) {
        streams.push(collect(client, ResumeActivity, { agentId, after: null }) as never);
        await sleep(5);
      }
      await writing;
      await writer.complete(agentId);
      await Promise.all(streams.map((stream) => stream.ended));

      const all = await sequencesOf(agentId);
      for (const stream of streams) {
        const cursors = stream.events.map(
          (event) => (event.data as { activityUpdated: { cursor: string } }).activityUpdated.cursor,
        );
        const from = all.indexOf(cursors[0]!);
        expect(from).toBeGreaterThanOrEqual(0);
        expect(cursors).toEqual(all.slice(from));
      }
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });
});

describe('resuming with a cursor', () => {
  it('replays every change of the organization missed while disconnected, then goes live', async () => {
    const agentId = await enqueue();
    const first = wsClient(harness, token);
    const before = collect(first, ResumeFeed, { after: null });
    await vi.waitFor(() => expect(listeners()).toBe(1));
    await writer.start(agentId);
    await vi.waitFor(() => expect(before.events).toHaveLength(1));
    const cursor = before.events[0]!.data!.activityFeed.cursor;
    await first.dispose();

    await writer.progress(agentId, 'missed one', 10);
    await writer.progress(agentId, 'missed two', 20);

    const second = wsClient(harness, token);
    try {
      const after = collect(second, ResumeFeed, { after: cursor });
      await vi.waitFor(() => expect(after.events).toHaveLength(2));
      await writer.progress(agentId, 'live', 30);
      await vi.waitFor(() => expect(after.events).toHaveLength(3));

      const messages = after.events.map((event) => event.data!.activityFeed.log.message);
      expect(messages).toEqual(['missed one', 'missed two', 'live']);
      const replayed = after.events[0]!.data!.activityFeed.activity;
      expect(replayed).toMatchObject({ status: 'RUNNING', percentage: 10 });
    } finally {
      await second.dispose();
    }
  });

  it('replays one activity after the cursor and completes after its final status', async () => {
    const agentId = await enqueue();
    const [queued] = await sequencesOf(agentId);
    await writer.start(agentId);
    await writer.progress(agentId, 'halfway', 50);
    await writer.complete(agentId);

    const client = wsClient(harness, token);
    try {
      const stream = collect(client, ResumeActivity, { agentId, after: queued! });
      await stream.ended;

      const events = stream.events.map((event) => event.data!.activityUpdated);
      expect(events.map((event) => event.log.message)).toEqual(['Started', 'halfway', 'Completed']);
      expect(events.map((event) => event.activity.status)).toEqual([
        'RUNNING',
        'RUNNING',
        'COMPLETE',
      ]);
      expect(events[2]!.activity.result).toEqual({ ok: true });
      expect(events[1]!.activity.result).toBeNull();
    } finally {
      await client.dispose();
    }
  });

  it('completes at once when the cursor is at or past the activity’s final change', async () => {
    const agentId = await enqueue();
    await writer.start(agentId);
    await writer.complete(agentId);
    const all = await sequencesOf(agentId);
    const final = all.at(-1)!;

    const client = wsClient(harness, token);
    try {
      for (const after of [final, String(BigInt(final) + 0n)]) {
        const stream = collect(client, ResumeActivity, { agentId, after });
        await stream.ended;
        expect(stream.events).toEqual([]);
      }
      expect(listeners()).toBe(0);
    } finally {
      await client.dispose();
    }
  });

  it('works the same over SSE', async () => {
    const agentId = await enqueue();
    const [queued] = await sequencesOf(agentId);
    await writer.start(agentId);
    await writer.complete(agentId);

    const response = await fetch(harness.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: print(ResumeActivity), variables: { agentId, after: queued } }),
    });
    const text = await response.text();
    const messages = [...text.matchAll(/"message":"([^"]+)"/g)].map((match) => match[1]);

    expect(messages).toEqual(['Started', 'Completed']);
  });

  it.each([
    ['malformed', 'abc', 'BAD_USER_INPUT'],
    ['ahead of every change', '999999', 'BAD_USER_INPUT'],
  ])('refuses a %s cursor with %s', async (_name, cursor, code) => {
    const client = wsClient(harness, token);
    try {
      const stream = collect(client, ResumeFeed, { after: cursor });
      await stream.ended.catch(() => undefined);
      expect(stream.events[0]?.errors?.[0]?.extensions?.code).toBe(code);
      expect(listeners()).toBe(0);
    } finally {
      await client.dispose();
    }
  });

  it('refuses a cursor further behind than a replay reaches with CURSOR_EXPIRED', async () => {
    const agentId = await enqueue();
    const [queued] = await sequencesOf(agentId);
    await writer.start(agentId);
    for (let step = 0; step < 25; step += 1) {
      await writer.progress(agentId, `step ${step}`);
    }

    const client = wsClient(harness, token);
    try {
      const stream = collect(client, ResumeFeed, { after: queued! });
      await stream.ended.catch(() => undefined);
      expect(stream.events[0]?.errors?.[0]?.extensions).toMatchObject({
        code: 'CURSOR_EXPIRED',
        maxReplay: 20,
      });
    } finally {
      await client.dispose();
    }
  });
});

describe('authorization for the life of the stream', () => {
  it('ends the stream with UNAUTHENTICATED when the token expires, with no event due', async () => {
    const shortLived = await tokenFor(harness, { org: ORG, expiresIn: '2s' });
    const client = wsClient(harness, shortLived);
    try {
      const stream = collect(client, ResumeFeed, { after: null });
      await expect(stream.ended).rejects.toEqual([
        expect.objectContaining({
          message: 'Token has expired',
          extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
        }),
      ]);
      await vi.waitFor(() => expect(listeners()).toBe(0));
    } finally {
      await client.dispose();
    }
  });
});
