import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { startWorkerApp, type WorkerApp } from '../src/app/worker-app.js';
import {
  enqueueTask,
  execute,
  startHarness,
  tokenFor,
  type Harness,
} from './support/api-harness.js';
import { createTestRegistry } from './support/test-tasks.js';
import { ActivityDetail, CancelActivity } from './support/operations.js';

let harness: Harness;
let token: string;
let worker: WorkerApp | null = null;

beforeAll(async () => {
  harness = await startHarness({ worker: false });
  token = await tokenFor(harness, { org: 'org-cancel' });
});

afterAll(async () => {
  await worker?.close();
  await harness.close();
});

function enqueue(task: string, context: Record<string, unknown>) {
  return enqueueTask(harness, token, task, context);
}

async function detail(agentId: string) {
  const { body } = await execute(harness, ActivityDetail, { agentId }, token);

  return body.data!.activity!;
}

function queue() {
  return harness.api.services.taskQueue['deps'].queue;
}

describe('cancelActivity', () => {
  it('removes a queued job and marks the activity CANCELED; a worker started later never runs it', async () => {
    const agentId = await enqueue('echo', { text: 'never' });
    expect(await queue().getJob(agentId)).toBeDefined();

    const { body } = await execute(harness, CancelActivity, { agentId }, token);
    expect(body.data?.cancelActivity).toMatchObject({ agentId, status: 'CANCELED' });
    expect(body.data?.cancelActivity?.finishedAt).not.toBeNull();
    expect(await queue().getJob(agentId)).toBeUndefined();

    worker = await startWorkerApp({
      config: harness.env.config,
      logger: harness.env.logger,
      registry: createTestRegistry(),
    });
    await sleep(500);
    const activity = await detail(agentId);
    expect(activity.status).toBe('CANCELED');
    expect(activity.logs.map((log) => log.message)).toEqual(['Waiting to start', 'Canceled']);
  });

  it('aborts a running handler through its signal and ends CANCELED, not ERROR', async () => {
    const agentId = await enqueue('wait_for_abort', {});
    await vi.waitFor(async () => expect((await detail(agentId)).status).toBe('RUNNING'), {
      timeout: 10_000,
    });

    const { body } = await execute(harness, CancelActivity, { agentId }, token);
    expect(body.data?.cancelActivity?.status).toBe('CANCELED');

    const job = (await queue().getJob(agentId))!;
    await vi.waitFor(async () => expect(await job.getState()).toBe('completed'), {
      timeout: 5_000,
    });
    const activity = await detail(agentId);
    expect(activity.status).toBe('CANCELED');
    expect(activity.error).toBeNull();
    expect(activity.result).toBeNull();
  });

  it('returns a finished activity unchanged', async () => {
    const agentId = await enqueue('echo', { text: 'fast' });
    await vi.waitFor(async () => expect((await detail(agentId)).status).toBe('COMPLETE'));

    const { body } = await execute(harness, CancelActivity, { agentId }, token);
    expect(body.data?.cancelActivity?.status).toBe('COMPLETE');
    expect((await detail(agentId)).status).toBe('COMPLETE');
  });

  it('answers NOT_FOUND for an id that names nothing', async () => {
    for (const agentId of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const { body } = await execute(harness, CancelActivity, { agentId }, token);
      expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });
});
