import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { enqueueTask, startHarness, tokenFor, type Harness } from './support/api-harness.js';
import { spawnWorker } from './support/spawn-worker.js';

let harness: Harness;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  harness = await startHarness({ worker: false });
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => stop(worker)));
  await harness.close();
});

async function stop(worker: ChildProcess): Promise<void> {
  if (worker.exitCode === null && worker.signalCode === null) {
    worker.kill('SIGTERM');
    await once(worker, 'exit');
  }
}

async function startWorkers(count: number, env: Record<string, string>) {
  for (let index = 0; index < count; index += 1) {
    workers.push(await spawnWorker(harness.env.config, env));
  }
}

async function enqueue(org: string, task: string, context: Record<string, unknown>) {
  return enqueueTask(harness, await tokenFor(harness, { org }), task, context);
}

async function rows(agentIds: string[]) {
  return harness.env.db
    .selectFrom('agentexec_activity')
    .select(['agent_id', 'status', 'started_at', 'finished_at'])
    .where('agent_id', 'in', agentIds)
    .execute();
}

describe('lock keys', () => {
  it('never run two tasks with one key at once across worker processes, while other keys flow', async () => {
    await startWorkers(2, { WORKER_CONCURRENCY: '4' });
    const sameUser: string[] = [];
    const otherUser: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      sameUser.push(await enqueue('org-lock', 'hold_lock', { userId: 'u1', ms: 150 }));
    }
    for (let index = 0; index < 3; index += 1) {
      otherUser.push(await enqueue('org-lock', 'hold_lock', { userId: 'u2', ms: 150 }));
    }

    await vi.waitFor(
      async () =>
        expect(
          (await rows([...sameUser, ...otherUser])).every((row) => row.status === 'COMPLETE'),
        ).toBe(true),
      { timeout: 30_000, interval: 200 },
    );

    const intervals = (await rows(sameUser))
      .map((row) => [row.started_at!.getTime(), row.finished_at!.getTime()] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let index = 1; index < intervals.length; index += 1) {
      expect(intervals[index]![0]).toBeGreaterThanOrEqual(intervals[index - 1]![1]);
    }

    const lastOfSameUser = Math.max(...intervals.map(([, end]) => end));
    const otherStarts = (await rows(otherUser)).map((row) => row.started_at!.getTime());
    expect(Math.min(...otherStarts)).toBeLessThan(lastOfSameUser);

    await Promise.all(workers.splice(0).map((worker) => stop(worker)));
  });

  it('is released after its lease when the worker holding it dies', async () => {
    const fast = { WORKER_LOCK_MS: '2000', WORKER_STALLED_CHECK_MS: '1000', LOCK_LEASE_MS: '2000' };
    const doomed = await spawnWorker(harness.env.config, fast);
    const holder = await enqueue('org-lease', 'hold_lock', { userId: 'u9', ms: 20_000 });
    await vi.waitFor(async () => expect((await rows([holder]))[0]?.status).toBe('RUNNING'), {
      timeout: 10_000,
    });
    doomed.kill('SIGKILL');
    await once(doomed, 'exit');

    const next = await enqueue('org-lease', 'hold_lock', { userId: 'u9', ms: 10 });
    await startWorkers(1, fast);

    await vi.waitFor(async () => expect((await rows([next]))[0]?.status).toBe('COMPLETE'), {
      timeout: 15_000,
      interval: 200,
    });
    await Promise.all(workers.splice(0).map((worker) => stop(worker)));
  });
});

describe('fair share', () => {
  it('lets a small organization finish while a 500-task backlog of another is still draining', async () => {
    const big: string[] = [];
    for (let index = 0; index < 500; index += 1) {
      big.push(await enqueue('org-big', 'echo', { text: `b${index}`, delayMs: 20 }));
    }
    const small: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      small.push(await enqueue('org-small', 'echo', { text: `s${index}` }));
    }

    await startWorkers(1, { WORKER_CONCURRENCY: '4', ORGANIZATION_CONCURRENCY: '2' });
    await vi.waitFor(
      async () => expect((await rows(small)).every((row) => row.status === 'COMPLETE')).toBe(true),
      { timeout: 30_000, interval: 100 },
    );

    const bigDone = (await rows(big)).filter((row) => row.status === 'COMPLETE').length;
    expect(bigDone).toBeLessThan(400);
  });
});
