import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { execute, startHarness, tokenFor, type Harness } from './support/api-harness.js';
import { ActiveCount, ActivityList, EnqueueTask, ProcessDocument } from './support/operations.js';

let harness: Harness;
let token: string;

beforeAll(async () => {
  harness = await startHarness({ worker: false });
  token = await tokenFor(harness, { org: 'org-input' });
});

afterAll(() => harness.close());

async function stored() {
  const { db } = harness.env;
  const activities = await db
    .selectFrom('agentexec_activity')
    .select(db.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const jobs = await harness.api.services.taskQueue['deps'].queue.getJobCounts();

  return { activities: Number(activities.n), jobs };
}

async function expectNothingWritten(action: () => Promise<void>) {
  const before = await stored();
  await action();
  expect(await stored()).toEqual(before);
}

describe('tokens', () => {
  const cases: Array<[string, () => Promise<string>, RegExp]> = [
    ['malformed', async () => 'not-a-jwt', /malformed/],
    ['expired', () => tokenFor(harness, { org: 'org-input', expiresIn: -60 }), /expired/],
    [
      'signed with another secret',
      () =>
        new SignJWT({ org_id: 'org-input', roles: [] })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('eve')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('x'.repeat(40))),
      /signature/,
    ],
    [
      'without an org_id claim',
      () =>
        new SignJWT({ roles: [] })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('eve')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(harness.env.config.jwtSecret)),
      /claims/,
    ],
    [
      // PostgreSQL would read it as U+FFFD, so it could name another organization.
      'with an unpaired surrogate in its org_id claim',
      () =>
        new SignJWT({ org_id: 'org-input\ud800', roles: [] })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('eve')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(harness.env.config.jwtSecret)),
      /claims/,
    ],
  ];

  it.each(cases)(
    'a %s token is UNAUTHENTICATED with status 401 and enqueues nothing',
    async (_name, make, message) => {
      const bad = await make();
      await expectNothingWritten(async () => {
        const { status, body } = await execute(
          harness,
          EnqueueTask,
          { input: { task: 'echo', context: { text: 'x' } } },
          bad,
        );
        expect(status).toBe(401);
        expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(body.errors?.[0]?.message).toMatch(message);
      });
    },
  );

  it('a token without an expiry is UNAUTHENTICATED', async () => {
    const forever = await new SignJWT({ org_id: 'org-input', roles: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('eve')
      .sign(new TextEncoder().encode(harness.env.config.jwtSecret));
    const { status, body } = await execute(harness, ActiveCount, {}, forever);

    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a request without a token is UNAUTHENTICATED on every root field', async () => {
    const { body } = await execute(harness, ActiveCount, {}, null);

    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('enqueueTask', () => {
  it('rejects an unknown task with BAD_USER_INPUT naming it', async () => {
    await expectNothingWritten(async () => {
      const { body } = await execute(
        harness,
        EnqueueTask,
        { input: { task: 'launch_rockets', context: {} } },
        token,
      );
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        task: 'launch_rockets',
      });
    });
  });

  it('rejects a context that fails the task schema with BAD_USER_INPUT listing the issues', async () => {
    await expectNothingWritten(async () => {
      const { body } = await execute(
        harness,
        EnqueueTask,
        { input: { task: 'echo', context: { text: 42 } } },
        token,
      );
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.extensions?.issues).toEqual([
        expect.objectContaining({ path: 'text' }),
      ]);
    });
  });

  it.each([
    [
      'look-alike tenant keys',
      { input: { task: 'echo', context: { text: 'x' }, metadata: { ORGANIZATION_ID: 'org-b' } } },
    ],
    [
      'NUL in metadata',
      { input: { task: 'echo', context: { text: 'x' }, metadata: { note: 'a\u0000b' } } },
    ],
    ['NUL in the context', { input: { task: 'echo', context: { text: 'a\u0000b' } } }],
    // JSON carries a lone surrogate as an escape; PostgreSQL's jsonb refuses it.
    [
      'an unpaired surrogate in the context',
      { input: { task: 'echo', context: { text: 'a\ud800b' } } },
    ],
    [
      'an unpaired surrogate in a metadata key',
      { input: { task: 'echo', context: { text: 'x' }, metadata: { 'n\udc00': 'v' } } },
    ],
    [
      'a document over the limit sent through enqueueTask',
      {
        input: {
          task: 'process_document',
          context: { fileId: 'f', filename: 'big.txt', content: 'a'.repeat(1024 * 1024 + 8192) },
        },
      },
    ],
  ])('rejects %s with BAD_USER_INPUT', async (_name, variables) => {
    await expectNothingWritten(async () => {
      const { body } = await execute(harness, EnqueueTask, variables as never, token);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  it('rejects metadata that is not an object', async () => {
    await expectNothingWritten(async () => {
      const { body } = await execute(
        harness,
        EnqueueTask,
        { input: { task: 'echo', context: { text: 'x' }, metadata: ['a'] } },
        token,
      );
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});

describe('filters', () => {
  it.each([
    ['an unpaired surrogate in an admin metadata filter', { metadata: { project: 'a\ud800' } }],
    ['an unpaired surrogate in agentType', { agentType: 'echo\udfff' }],
  ])('reject %s with BAD_USER_INPUT', async (_name, filter) => {
    const admin = await tokenFor(harness, { org: 'org-input', admin: true });
    const { body } = await execute(harness, ActivityList, { filter }, admin);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('processDocument', () => {
  it('rejects content with an unpaired surrogate with BAD_USER_INPUT', async () => {
    await expectNothingWritten(async () => {
      const { body } = await execute(
        harness,
        ProcessDocument,
        { input: { fileId: 'odd', filename: 'odd.txt', content: 'hi \ud800 there' } },
        token,
      );
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  it('rejects content over the document limit with BAD_USER_INPUT', async () => {
    const limit = harness.env.config.maxDocumentBytes;
    await expectNothingWritten(async () => {
      const { body } = await execute(
        harness,
        ProcessDocument,
        { input: { fileId: 'big', filename: 'big.txt', content: 'a'.repeat(limit + 1) } },
        token,
      );
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        maxBytes: limit,
      });
    });
  });

  it('answers a 20 MB request with 413 PAYLOAD_TOO_LARGE over HTTP', async () => {
    await expectNothingWritten(async () => {
      const content = 'a'.repeat(20 * 1024 * 1024);
      const response = await fetch(harness.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query:
            'mutation($input: ProcessDocumentInput!) { processDocument(input: $input) { agentId } }',
          variables: { input: { fileId: 'huge', filename: 'huge.txt', content } },
        }),
      });
      expect(response.status).toBe(413);
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(body.errors[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });
});

describe('queue outage', () => {
  it('ends the activity in ERROR, never QUEUED, when the job cannot be added', async () => {
    const { Queue } = await import('bullmq');
    const { Redis } = await import('ioredis');
    const { TaskQueue } = await import('../src/tasks/task-queue.js');
    const { QueueUnavailableError } = await import('../src/tasks/task-errors.js');

    // A real queue whose Redis connection is gone: adding fails fast.
    const dead = new Redis(harness.env.config.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    await new Promise((resolve) => dead.once('ready', resolve));
    const queue = new Queue('tasks', { connection: dead, prefix: harness.env.config.queuePrefix });
    await queue.waitUntilReady();
    dead.disconnect();

    const deps = harness.api.services.taskQueue['deps'];
    const taskQueue = new TaskQueue({ ...deps, queue });
    const jobsBefore = await deps.queue.getJobCounts();
    const request = { task: 'echo', input: { text: 'x' }, idempotencyKey: 'retry-me' };
    const enqueuer = { organizationId: 'org-outage', userId: 'u' };
    await expect(taskQueue.enqueue(enqueuer, request)).rejects.toBeInstanceOf(
      QueueUnavailableError,
    );
    await queue.close().catch(() => undefined);

    const rows = await harness.env.db
      .selectFrom('agentexec_activity')
      .select(['status', 'error'])
      .where('organization_id', '=', 'org-outage')
      .execute();
    expect(rows).toEqual([
      { status: 'ERROR', error: 'The task queue was unavailable; the run was not started' },
    ]);
    expect(await deps.queue.getJobCounts()).toEqual(jobsBefore);

    // The key is free again: a retry once the queue is back starts a run.
    const retried = await harness.api.services.taskQueue.enqueue(enqueuer, request);
    expect(retried.status).toBe('QUEUED');
  });
});
