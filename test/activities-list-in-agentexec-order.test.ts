import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ActivityRecorder } from '../src/db/activity-recorder.js';
import { execute, startHarness, tokenFor, type Harness } from './support/api-harness.js';
import { ActivityList, ActivityListWithLogs, EnqueueTask } from './support/operations.js';

let harness: Harness;
let token: string;
const ids: string[] = [];

beforeAll(async () => {
  harness = await startHarness({ worker: false });
  token = await tokenFor(harness, { org: 'org-list' });
  for (let index = 0; index < 7; index += 1) {
    const { body } = await execute(
      harness,
      EnqueueTask,
      { input: { task: 'echo', context: { text: `n${index}` } } },
      token,
    );
    ids.push(body.data!.enqueueTask.agentId);
  }

  // ids[1] and ids[4] run; ids[2] finished. The rest wait.
  const recorder = new ActivityRecorder(harness.env.db);
  await recorder.start(ids[1]!, 1, 'Started');
  await recorder.start(ids[4]!, 1, 'Started');
  await recorder.start(ids[2]!, 1, 'Started');
  await recorder.complete(ids[2]!, null, 'Completed');
});

afterAll(() => harness.close());

function listPage(after: string | null) {
  return execute(harness, ActivityList, { first: 3, after }, token);
}

describe('activities', () => {
  it('lists running first, then queued, then the rest, newest first within each', async () => {
    const { body } = await execute(harness, ActivityList, { first: 50 }, token);

    expect(body.data?.activities.edges.map((edge) => edge.node.agentId)).toEqual([
      ids[4],
      ids[1],
      ids[6],
      ids[5],
      ids[3],
      ids[0],
      ids[2],
    ]);
    expect(body.data?.activities.totalCount).toBe(7);
  });

  it('pages with cursors through every activity exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listPage>> = await listPage(after);
      const connection = page.body.data!.activities;
      seen.push(...connection.edges.map((edge) => edge.node.agentId));
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor! : null;
      pages += 1;
    } while (after !== null);

    expect(pages).toBe(3);
    expect(seen).toEqual([ids[4], ids[1], ids[6], ids[5], ids[3], ids[0], ids[2]]);
  });

  it('filters by status and agent type', async () => {
    const { body: running } = await execute(
      harness,
      ActivityList,
      { filter: { status: ['RUNNING'] } },
      token,
    );
    expect(running.data?.activities.totalCount).toBe(2);

    const { body: other } = await execute(
      harness,
      ActivityList,
      { filter: { agentType: 'nope' } },
      token,
    );
    expect(other.data?.activities.totalCount).toBe(0);
  });

  it('reads each activity’s own log, oldest first, limited per activity, for a whole page', async () => {
    const { body } = await execute(harness, ActivityListWithLogs, { limit: 2 }, token);
    const nodes = body.data!.activities.edges.map((edge) => edge.node);

    expect(nodes).toHaveLength(7);
    const completed = nodes.find((node) => node.agentId === ids[2])!;
    expect(completed.logs.map((log) => log.message)).toEqual(['Waiting to start', 'Started']);
    const waiting = nodes.find((node) => node.agentId === ids[0])!;
    expect(waiting.logs.map((log) => log.message)).toEqual(['Waiting to start']);
    expect(nodes.every((node) => node.steps.length === 0)).toBe(true);

    const { body: full } = await execute(harness, ActivityListWithLogs, { limit: 10 }, token);
    const done = full.data!.activities.edges.find((edge) => edge.node.agentId === ids[2])!;
    expect(done.node.logs.map((log) => log.message)).toEqual([
      'Waiting to start',
      'Started',
      'Completed',
    ]);
  });

  it('rejects a page size out of range and a malformed cursor with BAD_USER_INPUT', async () => {
    for (const variables of [{ first: 0 }, { first: 101 }, { after: 'garbage' }]) {
      const { body } = await execute(harness, ActivityList, variables, token);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
