import { once } from 'node:events';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { execute, startHarness, tokenFor, type Harness } from './support/api-harness.js';
import { startWorkerApp } from '../src/app/worker-app.js';
import { ActivityDetail, EnqueueTask } from './support/operations.js';
import { spawnWorker } from './support/spawn-worker.js';
import { createTestRegistry } from './support/test-tasks.js';

// Short locks so a dead worker's job is noticed within seconds rather than BullMQ's 30 s.
const FAST_STALL = { WORKER_LOCK_MS: '2000', WORKER_STALLED_CHECK_MS: '1000' };

let harness: Harness;
let token: string;

beforeAll(async () => {
  harness = await startHarness({ worker: false });
  token = await tokenFor(harness, { org: 'org-crash' });
});

afterAll(() => harness.close());

async function detail(agentId: string) {
  const { body } = await execute(harness, ActivityDetail, { agentId }, token);

  return body.data!.activity!;
}

describe('a worker killed with SIGKILL mid-job', () => {
  it('leaves no activity RUNNING: another worker runs the job again to COMPLETE', async () => {
    const doomed = await spawnWorker(harness.env.config, FAST_STALL);
    const { body } = await execute(
      harness,
      EnqueueTask,
      { input: { task: 'echo', context: { text: 'survivor', delayMs: 5000 } } },
      token,
    );
    const agentId = body.data!.enqueueTask.agentId;
    await vi.waitFor(async () => expect((await detail(agentId)).latestMessage).toBe('Echoing'), {
      timeout: 10_000,
    });

    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    expect((await detail(agentId)).status).toBe('RUNNING');

    const rescuer = await spawnWorker(harness.env.config, FAST_STALL);
    try {
      await vi.waitFor(async () => expect((await detail(agentId)).status).toBe('COMPLETE'), {
        timeout: 20_000,
        interval: 200,
      });
      const activity = await detail(agentId);
      expect(activity.result).toEqual({ echoed: 'survivor' });
      // The rerun says why its progress starts over.
      const starts = activity.logs.filter((log) => /Started|Restarted/.test(log.message));
      expect(starts.map((log) => log.message)).toEqual([
        'Started',
        'Restarted after its worker stopped',
      ]);
    } finally {
      rescuer.kill('SIGTERM');
      await once(rescuer, 'exit');
    }
  });
});

describe('a worker sent SIGTERM mid-job', () => {
  it('finishes the running job, then exits 0', async () => {
    const worker = await spawnWorker(harness.env.config);
    const { body } = await execute(
      harness,
      EnqueueTask,
      { input: { task: 'echo', context: { text: 'graceful', delayMs: 1500 } } },
      token,
    );
    const agentId = body.data!.enqueueTask.agentId;
    await vi.waitFor(async () => expect((await detail(agentId)).latestMessage).toBe('Echoing'), {
      timeout: 10_000,
    });

    worker.kill('SIGTERM');
    const [code] = await once(worker, 'exit');

    expect(code).toBe(0);
    const activity = await detail(agentId);
    expect(activity.status).toBe('COMPLETE');
    expect(activity.result).toEqual({ echoed: 'graceful' });
  });
});

describe('a worker starting up', () => {
  it('ends in ERROR an activity whose job no longer exists', async () => {
    const { body } = await execute(
      harness,
      EnqueueTask,
      { input: { task: 'echo', context: { text: 'orphan' } } },
      token,
    );
    const agentId = body.data!.enqueueTask.agentId;
    const queue = harness.api.services.taskQueue['deps'].queue;
    await (await queue.getJob(agentId))!.remove();

    const worker = await startWorkerApp({
      config: harness.env.config,
      logger: harness.env.logger,
      registry: createTestRegistry(),
      reconcileGraceMs: 0,
    });
    try {
      const activity = await detail(agentId);
      expect(activity.status).toBe('ERROR');
      expect(activity.error).toBe('The job of this activity no longer exists');
    } finally {
      await worker.close();
    }
  });
});
