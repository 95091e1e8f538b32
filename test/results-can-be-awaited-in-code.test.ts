import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { OrganizationActivities } from '../src/db/organization-activities.js';
import { ActivityFailedError, awaitResult } from '../src/events/await-result.js';
import { startHarness, type Harness } from './support/api-harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(() => harness.close());

function enqueue(task: string, input: unknown) {
  return harness.api.services.taskQueue.enqueue(
    { organizationId: 'org-await', userId: 'coder' },
    { task, input },
  );
}

const scope = () => new OrganizationActivities(harness.env.db, 'org-await');

describe('awaitResult', () => {
  it('resolves with the stored result of a task that completes', async () => {
    const activity = await enqueue('echo', { text: 'awaited', delayMs: 200 });

    await expect(
      awaitResult(harness.api.services.streams, scope(), activity.agentId),
    ).resolves.toEqual({
      echoed: 'awaited',
    });
  });

  it('rejects with the error of a failed task', async () => {
    const activity = await enqueue('permanent_failure', {});

    const failure = awaitResult(harness.api.services.streams, scope(), activity.agentId);
    await expect(failure).rejects.toBeInstanceOf(ActivityFailedError);
    await expect(failure).rejects.toThrow('cannot ever work');
  });

  it('refuses an activity of another organization', async () => {
    const activity = await enqueue('echo', { text: 'mine' });
    const other = new OrganizationActivities(harness.env.db, 'org-someone-else');

    await expect(
      awaitResult(harness.api.services.streams, other, activity.agentId),
    ).rejects.toThrow(/not found/);
  });
});
