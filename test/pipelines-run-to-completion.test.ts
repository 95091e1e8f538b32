import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { startHarness, execute, tokenFor, type Harness } from './support/api-harness.js';
import { ActivityDetail, EnqueueTask, ProcessDocument } from './support/operations.js';

const DOCUMENT = `# Release notes

The **queue** now retries failed jobs. Each retry is recorded in the activity log, so a
dashboard shows every attempt. Retries use exponential backoff.

## Why it matters

Workers crash. A crashed worker must not lose a job, and a retried job must not finish twice.
The queue guarantees both, and the activity log shows what happened to every job.
`;

let harness: Harness;
let token: string;

beforeAll(async () => {
  harness = await startHarness();
  token = await tokenFor(harness, { org: 'org-run' });
});

afterAll(() => harness.close());

async function finished(agentId: string) {
  return vi.waitFor(
    async () => {
      const { body } = await execute(harness, ActivityDetail, { agentId }, token);
      const activity = body.data?.activity;
      if (
        activity === null ||
        activity === undefined ||
        ['QUEUED', 'RUNNING'].includes(activity.status)
      ) {
        throw new Error(`not finished: ${activity?.status}`);
      }

      return activity;
    },
    { timeout: 15_000, interval: 50 },
  );
}

describe('process_document', () => {
  it('runs extract, analyze and summarize on a Markdown document and stores the result', async () => {
    const { body } = await execute(
      harness,
      ProcessDocument,
      { input: { fileId: 'file-1', filename: 'notes.md', content: DOCUMENT } },
      token,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.processDocument).toMatchObject({
      agentType: 'process_document',
      status: 'QUEUED',
    });

    const activity = await finished(body.data!.processDocument.agentId);

    expect(activity.status).toBe('COMPLETE');
    expect(activity.percentage).toBe(100);
    const result = activity.result as {
      fileId: string;
      analysis: { wordCount: number; sentenceCount: number; topKeywords: Array<{ word: string }> };
      summary: string;
    };
    expect(result.fileId).toBe('file-1');
    expect(result.analysis.wordCount).toBeGreaterThan(50);
    expect(result.analysis.topKeywords.map((keyword) => keyword.word)).toContain('queue');
    expect(result.summary).not.toMatch(/[#*]/);
    expect(result.summary.length).toBeGreaterThan(20);

    const messages = activity.logs.map((log) => log.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Waiting to start',
        'Started',
        'step 1 of 3: extracting text',
        'step 2 of 3: analyzing text',
        'step 3 of 3: summarizing',
        'Completed',
      ]),
    );
    const stepPercentages = activity.logs
      .filter((log) => log.message.startsWith('step '))
      .map((log) => log.percentage);
    expect(stepPercentages).toEqual([0, 33, 67]);
  });

  it('ends in ERROR on the first attempt when the document is empty', async () => {
    const { body } = await execute(
      harness,
      ProcessDocument,
      { input: { fileId: 'file-2', filename: 'empty.md', content: '   \n\n  ' } },
      token,
    );
    const activity = await finished(body.data!.processDocument.agentId);

    expect(activity.status).toBe('ERROR');
    expect(activity.error).toMatch(/empty/i);
    expect(activity.attempts).toBe(1);
  });
});

describe('retries', () => {
  it('retries a failing task per its attempts, logging each, and ends in ERROR with its message', async () => {
    const { body } = await execute(
      harness,
      EnqueueTask,
      { input: { task: 'always_fails', context: { reason: 'disk on fire' } } },
      token,
    );
    const activity = await finished(body.data!.enqueueTask.agentId);

    expect(activity.status).toBe('ERROR');
    expect(activity.error).toBe('disk on fire');
    expect(activity.attempts).toBe(3);
    const messages = activity.logs.map((log) => log.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Attempt 1 of 3 failed: disk on fire; retrying',
        'Started attempt 2 of 3',
        'Attempt 2 of 3 failed: disk on fire; retrying',
        'Started attempt 3 of 3',
        'Attempt 3 of 3 failed: disk on fire',
      ]),
    );
  });

  it('waits between attempts as the task’s exponential backoff says', async () => {
    const { body } = await execute(
      harness,
      EnqueueTask,
      { input: { task: 'backs_off', context: {} } },
      token,
    );
    const agentId = body.data!.enqueueTask.agentId;
    await finished(agentId);

    const rows = await harness.env.db
      .selectFrom('agentexec_activity_log')
      .select(['message', 'created_at'])
      .where('agent_id', '=', agentId)
      .orderBy('sequence')
      .execute();
    const at = (message: string) =>
      rows.find((row) => row.message === message)!.created_at.getTime();
    const firstWait =
      at('Started attempt 2 of 3') - at('Attempt 1 of 3 failed: still failing; retrying');
    const secondWait =
      at('Started attempt 3 of 3') - at('Attempt 2 of 3 failed: still failing; retrying');

    expect(firstWait).toBeGreaterThanOrEqual(190);
    expect(secondWait).toBeGreaterThanOrEqual(390);
  });

  it('skips the remaining attempts when a task throws a PermanentTaskError', async () => {
    const { body } = await execute(
      harness,
      EnqueueTask,
      { input: { task: 'permanent_failure', context: {} } },
      token,
    );
    const activity = await finished(body.data!.enqueueTask.agentId);

    expect(activity.status).toBe('ERROR');
    expect(activity.error).toBe('cannot ever work');
    expect(activity.attempts).toBe(1);
  });
});

describe('at-least-once delivery', () => {
  it('leaves a finished activity untouched when its job runs a second time', async () => {
    const { body } = await execute(
      harness,
      EnqueueTask,
      { input: { task: 'echo', context: { text: 'once' } } },
      token,
    );
    const agentId = body.data!.enqueueTask.agentId;
    const first = await finished(agentId);
    expect(first.status).toBe('COMPLETE');

    // The same job delivered again, as BullMQ does after a lapsed lock.
    const queue = harness.api.services.taskQueue['deps'].queue;
    const again = await queue.add('echo', {
      agentId,
      organizationId: 'org-run',
      input: { text: 'twice' },
    });
    await vi.waitFor(async () => expect(await again.isCompleted()).toBe(true), { timeout: 10_000 });

    const { body: after } = await execute(harness, ActivityDetail, { agentId }, token);
    expect(after.data?.activity).toEqual(first);
  });
});
