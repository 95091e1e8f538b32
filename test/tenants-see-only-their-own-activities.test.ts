import { setTimeout as sleep } from 'node:timers/promises';

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
import {
  ActiveCount,
  ActivityDetail,
  ActivityList,
  ActivityListWithMetadata,
  ActivityWithMetadata,
  CancelActivity,
  EnqueueTask,
  WatchActivity,
  WatchActivityWithMetadata,
  WatchFeed,
} from './support/operations.js';

// Org A enqueues; org B (member and admin) tries every path to reach A's work.

let harness: Harness;
let memberA: string;
let adminA: string;
let memberB: string;
let adminB: string;
let agentId: string;

beforeAll(async () => {
  // No worker: A's activity stays QUEUED, so cancel and live paths stay open to try.
  harness = await startHarness({ worker: false });
  memberA = await tokenFor(harness, { org: 'org-a', user: 'alice' });
  adminA = await tokenFor(harness, { org: 'org-a', user: 'root-a', admin: true });
  memberB = await tokenFor(harness, { org: 'org-b', user: 'bob' });
  adminB = await tokenFor(harness, { org: 'org-b', user: 'root-b', admin: true });

  const { body } = await execute(
    harness,
    EnqueueTask,
    { input: { task: 'echo', context: { text: 'secret' }, metadata: { project: 'apollo' } } },
    memberA,
  );
  agentId = body.data!.enqueueTask.agentId;
});

afterAll(() => harness.close());

describe('another organization', () => {
  it('gets null for the activity, as for an id that does not exist', async () => {
    for (const token of [memberB, adminB]) {
      const { body } = await execute(harness, ActivityDetail, { agentId }, token);
      expect(body.errors).toBeUndefined();
      expect(body.data?.activity).toBeNull();
    }

    const { body: own } = await execute(harness, ActivityDetail, { agentId }, memberA);
    expect(own.data?.activity?.agentId).toBe(agentId);
  });

  it('does not see the activity in lists, counts or metadata filters', async () => {
    const { body: list } = await execute(harness, ActivityList, { first: 50 }, adminB);
    expect(list.data?.activities.totalCount).toBe(0);
    expect(list.data?.activities.edges).toEqual([]);

    const filter = { metadata: { organization_id: 'org-a' } };
    const { body: filtered } = await execute(harness, ActivityListWithMetadata, { filter }, adminB);
    expect(filtered.data?.activities.edges).toEqual([]);

    const { body: count } = await execute(harness, ActiveCount, {}, memberB);
    expect(count.data?.activeCount).toBe(0);

    const { body: ownCount } = await execute(harness, ActiveCount, {}, memberA);
    expect(ownCount.data?.activeCount).toBe(1);
  });

  it('cannot cancel the activity, which stays QUEUED', async () => {
    const { body } = await execute(harness, CancelActivity, { agentId }, adminB);
    expect(body.data?.cancelActivity).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const { body: own } = await execute(harness, ActivityDetail, { agentId }, memberA);
    expect(own.data?.activity?.status).toBe('QUEUED');
  });

  it('is refused when subscribing to the activity', async () => {
    const client = wsClient(harness, adminB);
    try {
      const stream = collect(client, WatchActivity, { agentId });
      await stream.ended;

      // One result with the error and no data, then the server completes the operation.
      expect(stream.events).toHaveLength(1);
      expect(stream.events[0]?.data ?? null).toBeNull();
      expect(stream.events[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    } finally {
      await client.dispose();
    }
  });

  it('receives none of its changes on the organization feed', async () => {
    const clientA = wsClient(harness, memberA);
    const clientB = wsClient(harness, adminB);
    try {
      const feedA = collect(clientA, WatchFeed, {});
      const feedB = collect(clientB, WatchFeed, {});
      await sleep(300);

      const { body } = await execute(
        harness,
        EnqueueTask,
        { input: { task: 'echo', context: { text: 'more' } } },
        memberA,
      );
      const second = body.data!.enqueueTask.agentId;

      await vi.waitFor(() => expect(feedA.events.length).toBe(1));
      expect(feedA.events[0]?.data?.activityFeed.activity.agentId).toBe(second);
      await sleep(300);
      expect(feedB.events).toEqual([]);
    } finally {
      await clientA.dispose();
      await clientB.dispose();
    }
  });
});

describe('metadata', () => {
  it('carries organization_id and user_id from the token plus the extra keys given', async () => {
    const { body } = await execute(harness, ActivityWithMetadata, { agentId }, adminA);

    expect(body.errors).toBeUndefined();
    expect(body.data?.activity?.metadata).toEqual({
      organization_id: 'org-a',
      user_id: 'alice',
      project: 'apollo',
    });
  });

  it('is null with FORBIDDEN at its path for a member, with the rest of the response intact', async () => {
    const { body } = await execute(harness, ActivityWithMetadata, { agentId }, memberA);

    expect(body.data?.activity).toEqual({ agentId, status: 'QUEUED', metadata: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.path).toEqual(['activity', 'metadata']);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('filters lists for admins and is FORBIDDEN as a filter for members', async () => {
    const hit = { metadata: { project: 'apollo' } };
    const { body: admin } = await execute(
      harness,
      ActivityListWithMetadata,
      { filter: hit },
      adminA,
    );
    expect(admin.data?.activities.edges.map((edge) => edge.node.agentId)).toEqual([agentId]);

    const miss = { metadata: { project: 'gemini' } };
    const { body: none } = await execute(
      harness,
      ActivityListWithMetadata,
      { filter: miss },
      adminA,
    );
    expect(none.data?.activities.totalCount).toBe(0);

    const { body: member } = await execute(harness, ActivityList, { filter: hit }, memberA);
    expect(member.data).toBeNull();
    expect(member.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('obeys the same rule in subscription events', async () => {
    const adminClient = wsClient(harness, adminA);
    const memberClient = wsClient(harness, memberA);
    try {
      const asAdmin = collect(adminClient, WatchActivityWithMetadata, { agentId });
      const asMember = collect(memberClient, WatchActivityWithMetadata, { agentId });
      await vi.waitFor(() => {
        expect(asAdmin.events).toHaveLength(1);
        expect(asMember.events).toHaveLength(1);
      });

      expect(asAdmin.events[0]?.data?.activityUpdated.activity.metadata).toMatchObject({
        organization_id: 'org-a',
      });
      expect(asAdmin.events[0]?.errors).toBeUndefined();
      expect(asMember.events[0]?.data?.activityUpdated.activity).toEqual({
        agentId,
        status: 'QUEUED',
        metadata: null,
      });
      expect(asMember.events[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await adminClient.dispose();
      await memberClient.dispose();
    }
  });
});

describe('live events executed once and shared', () => {
  it('still give each role its own result: metadata for the admin, FORBIDDEN for members', async () => {
    const { body } = await execute(
      harness,
      EnqueueTask,
      { input: { task: 'echo', context: { text: 'shared' }, metadata: { project: 'gemini' } } },
      memberA,
    );
    const shared = body.data!.enqueueTask.agentId;
    const writer = await ChangeWriter.open(harness);
    const clients = [adminA, memberA, adminA, memberA].map((token) => wsClient(harness, token));
    try {
      // Two of each role on one document, so a result shared across roles would show.
      const streams = clients.map((client) =>
        collect(client, WatchActivityWithMetadata, { agentId: shared }),
      );
      await vi.waitFor(() => expect(streams.every((s) => s.events.length === 1)).toBe(true));

      await writer.start(shared);
      await vi.waitFor(() => expect(streams.every((s) => s.events.length === 2)).toBe(true));

      const live = streams.map((stream) => stream.events[1]);
      for (const event of [live[0], live[2]]) {
        expect(event?.errors).toBeUndefined();
        expect(event?.data?.activityUpdated.activity).toMatchObject({
          status: 'RUNNING',
          metadata: { organization_id: 'org-a', project: 'gemini' },
        });
      }
      for (const event of [live[1], live[3]]) {
        expect(event?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(event?.data?.activityUpdated.activity).toEqual({
          agentId: shared,
          status: 'RUNNING',
          metadata: null,
        });
      }
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
      await writer.close();
    }
  });
});

describe('enqueue', () => {
  it('refuses organization_id or user_id from the client with BAD_USER_INPUT and writes nothing', async () => {
    const before = await countRows();
    for (const metadata of [{ organization_id: 'org-b' }, { user_id: 'mallory' }]) {
      const { body } = await execute(
        harness,
        EnqueueTask,
        { input: { task: 'echo', context: { text: 'x' }, metadata } },
        memberA,
      );
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }

    expect(await countRows()).toEqual(before);
  });
});

async function countRows() {
  const { db } = harness.env;
  const activities = await db
    .selectFrom('agentexec_activity')
    .select(db.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const logs = await db
    .selectFrom('agentexec_activity_log')
    .select(db.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const jobs = await harness.api.services.taskQueue['deps'].queue.getJobCounts();

  return { activities: activities.n, logs: logs.n, jobs };
}
