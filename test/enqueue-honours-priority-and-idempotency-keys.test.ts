import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { startWorkerApp } from '../src/app/worker-app.js';
import { execute, startHarness, tokenFor, type Harness } from './support/api-harness.js';
import { ActivityCounts, ActivityDetail, EnqueueWithOptions } from './support/operations.js';
import { createTestRegistry } from './support/test-tasks.js';

let harness: Harness;
let token: string;

beforeAll(async () => {
  harness = await startHarness({ worker: false, config: { idempotencyTtlSeconds: 2 } });
  token = await tokenFor(harness, { org: 'org-options' });
});

afterAll(() => harness.close());

function enqueue(
  input: { text: string; priority?: 'HIGH' | 'NORMAL' | 'LOW'; key?: string; delayMs?: number },
  as = token,
) {
  return execute(
    harness,
    EnqueueWithOptions,
    {
      input: {
        task: 'echo',
        context: { text: input.text, delayMs: input.delayMs ?? 0 },
        priority: input.priority,
        idempotencyKey: input.key,
      },
    },
    as,
  );
}

async function activityRows(): Promise<number> {
  const rows = await harness.env.db.selectFrom('agentexec_activity').select('agent_id').execute();

  return rows.length;
}

describe('idempotency keys', () => {
  it('return the existing run for the same key in the same organization', async () => {
    const before = await activityRows();
    const first = await enqueue({ text: 'a', key: 'import-42' });
    const second = await enqueue({ text: 'b', key: 'import-42' });

    expect(second.body.data?.enqueueTask.agentId).toBe(first.body.data?.enqueueTask.agentId);
    expect(await activityRows()).toBe(before + 1);
  });

  it('start one run for concurrent requests with one key', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => enqueue({ text: 'c', key: 'burst' })),
    );
    const ids = new Set(results.map((result) => result.body.data?.enqueueTask.agentId));

    expect(ids.size).toBe(1);
    expect([...ids][0]).toBeTypeOf('string');
  });

  it('are scoped to the organization', async () => {
    const other = await tokenFor(harness, { org: 'org-options-other' });
    const mine = await enqueue({ text: 'd', key: 'shared-name' });
    const theirs = await enqueue({ text: 'd', key: 'shared-name' }, other);

    expect(theirs.body.data?.enqueueTask.agentId).not.toBe(mine.body.data?.enqueueTask.agentId);
    const { body } = await execute(
      harness,
      ActivityDetail,
      { agentId: theirs.body.data!.enqueueTask.agentId },
      token,
    );
    expect(body.data?.activity).toBeNull();
  });

  it('start a new run once the key expired', async () => {
    const first = await enqueue({ text: 'e', key: 'short-lived' });
    await sleep(2100);
    const second = await enqueue({ text: 'e', key: 'short-lived' });

    expect(second.body.data?.enqueueTask.agentId).not.toBe(first.body.data?.enqueueTask.agentId);
  });

  it('refuse a key that started a run of another task', async () => {
    await enqueue({ text: 'first', key: 'one-task-only' });
    const { body } = await execute(
      harness,
      EnqueueWithOptions,
      { input: { task: 'wait_for_abort', context: {}, idempotencyKey: 'one-task-only' } },
      token,
    );

    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('cannot claim the keys the engine records spawned children and scheduled runs under', async () => {
    const { body } = await execute(
      harness,
      EnqueueWithOptions,
      { input: { task: 'spawn_echoes', context: { words: ['mine'] } } },
      token,
    );
    const parent = body.data!.enqueueTask.agentId;
    const claim = await enqueue({ text: 'HIJACK', key: `spawn:${parent}:0:0` });
    const rows = await harness.env.db
      .selectFrom('agentexec_idempotency_key')
      .select(['key', 'agent_id'])
      .where('agent_id', '=', claim.body.data!.enqueueTask.agentId)
      .execute();

    expect(rows).toEqual([
      { key: `client:spawn:${parent}:0:0`, agent_id: claim.body.data!.enqueueTask.agentId },
    ]);
  });

  it('are refused with BAD_USER_INPUT when empty, blank, too long or holding NUL, writing nothing', async () => {
    const before = await activityRows();
    for (const key of ['', '   ', 'k'.repeat(201), 'a\u0000b']) {
      const { body } = await enqueue({ text: 'f', key });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }

    expect(await activityRows()).toBe(before);
  });
});

describe('priority', () => {
  it('starts a HIGH task enqueued behind 50 LOW ones first on a busy worker', async () => {
    const worker = await startWorkerApp({
      config: { ...harness.env.config, workerConcurrency: 1 },
      logger: harness.env.logger,
      registry: createTestRegistry(),
    });
    const started = async (agentId: string) => {
      const { body } = await execute(harness, ActivityDetail, { agentId }, token);

      return body.data?.activity?.startedAt ?? null;
    };
    try {
      const busy = (await enqueue({ text: 'blocker', delayMs: 1000 })).body.data!.enqueueTask;
      // A new worker's first job can take more than waitFor's default second on a loaded machine.
      await vi.waitFor(async () => expect(await started(busy.agentId)).not.toBeNull(), {
        timeout: 10_000,
      });

      const low: string[] = [];
      for (let index = 0; index < 50; index += 1) {
        const { body } = await enqueue({ text: `low ${index}`, priority: 'LOW' });
        low.push(body.data!.enqueueTask.agentId);
      }
      const high = (await enqueue({ text: 'urgent', priority: 'HIGH' })).body.data!.enqueueTask;

      const last = low.at(-1)!;
      await vi.waitFor(async () => expect(await started(last)).not.toBeNull(), { timeout: 20_000 });
      const highStarted = new Date((await started(high.agentId))!).getTime();
      for (const agentId of low) {
        expect(new Date((await started(agentId))!).getTime()).toBeGreaterThanOrEqual(highStarted);
      }
    } finally {
      await worker.close();
    }
  });
});

describe('activityCounts', () => {
  it('counts the organization’s activities by status and nobody else’s', async () => {
    const fresh = await tokenFor(harness, { org: 'org-counts' });
    await enqueue({ text: 'g' }, fresh);
    await enqueue({ text: 'h' }, fresh);

    const { body } = await execute(harness, ActivityCounts, {}, fresh);
    expect(body.data?.activityCounts).toEqual({
      queued: 2,
      running: 0,
      complete: 0,
      error: 0,
      canceled: 0,
      total: 2,
    });
    expect(body.data?.activeCount).toBe(2);

    const stranger = await tokenFor(harness, { org: 'org-counts-stranger' });
    const { body: none } = await execute(harness, ActivityCounts, {}, stranger);
    expect(none.data?.activityCounts.total).toBe(0);
  });
});
