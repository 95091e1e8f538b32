import { once } from 'node:events';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  enqueueTask,
  execute,
  startHarness,
  tokenFor,
  type Harness,
} from './support/api-harness.js';
import { ActivitySteps, CancelActivity } from './support/operations.js';
import { spawnWorker } from './support/spawn-worker.js';

const FAST_STALL = { WORKER_LOCK_MS: '2000', WORKER_STALLED_CHECK_MS: '1000' };

let harness: Harness;
let token: string;

beforeAll(async () => {
  // Every worker on the queue checks for stalled jobs this often: BullMQ skips a check while
  // another worker's last one is younger than that worker's interval.
  harness = await startHarness({ config: { workerLockMs: 2000, workerStalledCheckMs: 1000 } });
  token = await tokenFor(harness, { org: 'org-steps' });
});

afterAll(() => harness.close());

function enqueue(task: string, context: Record<string, unknown>) {
  return enqueueTask(harness, token, task, context);
}

async function steps(agentId: string) {
  const { body } = await execute(harness, ActivitySteps, { agentId }, token);

  return body.data!.activity!;
}

async function settled(agentId: string) {
  return vi.waitFor(
    async () => {
      const activity = await steps(agentId);
      if (['QUEUED', 'RUNNING'].includes(activity.status)) {
        throw new Error(activity.status);
      }

      return activity;
    },
    { timeout: 20_000, interval: 100 },
  );
}

describe('a pipeline run', () => {
  it('lists each step with its own status, attempts and timing', async () => {
    const agentId = await enqueue('durable_three', { finalMs: 0 });
    const activity = await settled(agentId);

    expect(activity.status).toBe('COMPLETE');
    expect(activity.result).toEqual({ done: true });
    expect(activity.steps.map((step) => [step.name, step.status, step.attempts])).toEqual([
      ['first', 'COMPLETE', 1],
      ['second', 'COMPLETE', 1],
      ['third', 'COMPLETE', 1],
    ]);
    for (const step of activity.steps) {
      expect(step.startedAt).not.toBeNull();
      expect(new Date(step.finishedAt!).getTime()).toBeGreaterThanOrEqual(
        new Date(step.startedAt!).getTime(),
      );
    }
  });

  it('fans a parallel step out into jobs and hands every output, in order, to the next step', async () => {
    const agentId = await enqueue('sum_of_squares', { numbers: [1, 2, 3, 4, 5, 6] });
    const activity = await settled(agentId);

    expect(activity.result).toEqual({ squares: [1, 4, 9, 16, 25, 36], sum: 91 });
    const queue = harness.api.services.taskQueue['deps'].queue;
    const item = await queue.getJob(`${agentId}.step0.item5`);
    expect(await item?.getState()).toBe('completed');
  });

  it('ends in ERROR with the failing item’s message, the steps after it CANCELED', async () => {
    const agentId = await enqueue('sum_of_squares', { numbers: [1, 2, 3], failOn: 2 });
    const activity = await settled(agentId);

    expect(activity.status).toBe('ERROR');
    expect(activity.error).toBe('cannot square 2');
    expect(activity.steps.map((step) => step.status)).toEqual(['ERROR', 'CANCELED']);
  });

  it('stops its remaining steps when canceled', async () => {
    const agentId = await enqueue('cancel_me', {});
    await vi.waitFor(async () => expect((await steps(agentId)).steps[0]?.status).toBe('RUNNING'));

    const { body } = await execute(harness, CancelActivity, { agentId }, token);
    expect(body.data?.cancelActivity?.status).toBe('CANCELED');
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const activity = await steps(agentId);
    expect(activity.status).toBe('CANCELED');
    expect(activity.steps.map((step) => step.status)).toEqual(['CANCELED', 'CANCELED']);
    expect(activity.logs.map((log) => log.message)).not.toContain('step 2 of 2: second step ran');
  });
});

describe('a task that spawns children', () => {
  it('runs them as activities of its organization, then a follow-up with all their results', async () => {
    const parentId = await enqueue('spawn_echoes', { words: ['a', 'b', 'c'] });
    const parent = await settled(parentId);
    const spawned = parent.result as { children: string[]; followUp: string };
    expect(spawned.children).toHaveLength(3);

    const followUp = await settled(spawned.followUp);
    expect(followUp.status).toBe('COMPLETE');
    expect(followUp.result).toEqual({ joined: 'a+b+c' });

    const rows = await harness.env.db
      .selectFrom('agentexec_activity')
      .select(['agent_id', 'organization_id', 'finished_at', 'started_at', 'metadata'])
      .where('agent_id', 'in', [...spawned.children, spawned.followUp])
      .execute();
    expect(rows.every((row) => row.organization_id === 'org-steps')).toBe(true);
    expect(rows.every((row) => row.metadata.parent_agent_id === parentId)).toBe(true);
    const followUpRow = rows.find((row) => row.agent_id === spawned.followUp)!;
    for (const child of rows.filter((row) => row.agent_id !== spawned.followUp)) {
      expect(followUpRow.started_at!.getTime()).toBeGreaterThanOrEqual(
        child.finished_at!.getTime(),
      );
    }
  });
});

describe('a worker killed in the third step', () => {
  it('is replaced at the third step: the first two do not run again', async () => {
    await harness.worker?.close();
    harness.worker = null;
    const doomed = await spawnWorker(harness.env.config, FAST_STALL);
    const agentId = await enqueue('durable_three', { finalMs: 4000 });
    // Killed once the third step is under way: after it logged, during its long wait.
    await vi.waitFor(
      async () =>
        expect((await steps(agentId)).logs.map((log) => log.message)).toContain('step 3 of 3: ran'),
      { timeout: 10_000 },
    );

    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    const rescuer = await spawnWorker(harness.env.config, FAST_STALL);
    try {
      const activity = await settled(agentId);
      expect(activity.status).toBe('COMPLETE');

      const ran = (step: number) =>
        activity.logs.filter((log) => log.message === `step ${step} of 3: ran`).length;
      expect([ran(1), ran(2), ran(3)]).toEqual([1, 1, 2]);
    } finally {
      rescuer.kill('SIGTERM');
      await once(rescuer, 'exit');
    }
  });
});
