import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { startWorkerApp, type WorkerApp } from '../src/app/worker-app.js';
import { execute, startHarness, tokenFor, type Harness } from './support/api-harness.js';
import { RemoveSchedule, ScheduleTask, Schedules } from './support/operations.js';
import { createTestRegistry } from './support/test-tasks.js';

let harness: Harness;
let token: string;
let stranger: string;

beforeAll(async () => {
  // Runs every second keep the test short; the default bound is a minute.
  harness = await startHarness({ config: { scheduleMinIntervalSeconds: 1 } });
  token = await tokenFor(harness, { org: 'org-cron', user: 'planner' });
  stranger = await tokenFor(harness, { org: 'org-cron-stranger', admin: true });
});

afterAll(() => harness.close());

async function runsOf(scheduleId: string) {
  const rows = await harness.env.db
    .selectFrom('agentexec_activity')
    .select(['agent_id', 'status', 'metadata', 'organization_id'])
    .execute();

  return rows.filter((row) => row.metadata.schedule_id === scheduleId);
}

function schedule(input: Record<string, unknown>, as = token) {
  return execute(
    harness,
    ScheduleTask,
    { input: { task: 'echo', context: { text: 'tick' }, cron: '* * * * * *', ...input } },
    as,
  );
}

describe('scheduleTask', () => {
  it('runs the task on its cron pattern until the repeat limit, each run an activity of the organization', async () => {
    const { body } = await schedule({ repeatLimit: 2, timezone: 'Europe/Paris' });
    expect(body.errors).toBeUndefined();
    const created = body.data!.scheduleTask;
    expect(created).toMatchObject({
      task: 'echo',
      timezone: 'Europe/Paris',
      repeatLimit: 2,
      createdBy: 'planner',
    });

    await vi.waitFor(
      async () => {
        const runs = await runsOf(created.id);
        expect(runs).toHaveLength(2);
        expect(runs.every((run) => run.status === 'COMPLETE')).toBe(true);
      },
      { timeout: 15_000, interval: 250 },
    );
    const { body: listed } = await execute(harness, Schedules, {}, token);
    expect(listed.data?.schedules.find((item) => item.id === created.id)?.nextRunAt).toBeNull();

    const runs = await runsOf(created.id);
    for (const run of runs) {
      expect(run.organization_id).toBe('org-cron');
      expect(run.metadata).toMatchObject({ organization_id: 'org-cron', user_id: 'planner' });
    }
  });

  it('runs a pipeline on its schedule through every step, as an enqueued one', async () => {
    const { body } = await schedule({
      task: 'durable_three',
      context: { finalMs: 0 },
      repeatLimit: 1,
    });
    expect(body.errors).toBeUndefined();
    const { id } = body.data!.scheduleTask;

    await vi.waitFor(
      async () => expect((await runsOf(id)).map((run) => run.status)).toEqual(['COMPLETE']),
      { timeout: 15_000, interval: 250 },
    );
    const [run] = await runsOf(id);
    const steps = await harness.env.db
      .selectFrom('agentexec_activity_step')
      .select(['name', 'status'])
      .where('agent_id', '=', run!.agent_id)
      .orderBy('index')
      .execute();
    expect(steps).toEqual([
      { name: 'first', status: 'COMPLETE' },
      { name: 'second', status: 'COMPLETE' },
      { name: 'third', status: 'COMPLETE' },
    ]);
  });

  it('stores the time zone as IANA spells it', async () => {
    const { body } = await schedule({ cron: '0 0 1 1 *', timezone: 'utc' });

    expect(body.data?.scheduleTask.timezone).toBe('UTC');
  });

  it('is invisible to another organization, which cannot remove it', async () => {
    const { body } = await schedule({ cron: '0 0 1 1 *' });
    const id = body.data!.scheduleTask.id;

    const { body: mine } = await execute(harness, Schedules, {}, token);
    expect(mine.data?.schedules.map((item) => item.id)).toContain(id);

    const { body: theirs } = await execute(harness, Schedules, {}, stranger);
    expect(theirs.data?.schedules).toEqual([]);
    const { body: removal } = await execute(harness, RemoveSchedule, { id }, stranger);
    expect(removal.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const { body: still } = await execute(harness, Schedules, {}, token);
    expect(still.data?.schedules.map((item) => item.id)).toContain(id);
  });

  it('stops running once removed', async () => {
    const { body } = await schedule({});
    const id = body.data!.scheduleTask.id;
    await vi.waitFor(async () => expect((await runsOf(id)).length).toBeGreaterThanOrEqual(1), {
      timeout: 10_000,
    });

    const { body: removal } = await execute(harness, RemoveSchedule, { id }, token);
    expect(removal.data?.removeSchedule).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const count = (await runsOf(id)).length;
    await new Promise((resolve) => setTimeout(resolve, 2000));

    expect((await runsOf(id)).length).toBe(count);
    const { body: listed } = await execute(harness, Schedules, {}, token);
    expect(listed.data?.schedules.map((item) => item.id)).not.toContain(id);
  });

  it.each([
    ['an unknown task', { task: 'nope' }],
    ['invalid context', { context: { text: 7 } }],
    ['a malformed cron pattern', { cron: 'every tuesday' }],
    ['an empty cron pattern', { cron: '' }],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }],
    ['a repeat limit below one', { repeatLimit: 0 }],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_name, input) => {
    const before = await harness.env.db.selectFrom('agentexec_schedule').select('id').execute();
    const { body } = await schedule(input);

    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const after = await harness.env.db.selectFrom('agentexec_schedule').select('id').execute();
    expect(after).toHaveLength(before.length);
  });
});

describe('schedules defined in code', () => {
  it('are installed by a worker at start and run for their organization', async () => {
    let worker: WorkerApp | null = null;
    try {
      worker = await startWorkerApp({
        config: harness.env.config,
        logger: harness.env.logger,
        registry: createTestRegistry(),
        schedules: [
          {
            name: 'nightly-report',
            organizationId: 'org-code',
            task: 'echo',
            input: { text: 'from code' },
            cron: '* * * * * *',
            repeatLimit: 1,
          },
        ],
      });
      await vi.waitFor(
        async () =>
          expect((await runsOf('code:nightly-report')).map((run) => run.status)).toEqual([
            'COMPLETE',
          ]),
        { timeout: 10_000, interval: 250 },
      );
      const [run] = await runsOf('code:nightly-report');
      expect(run?.metadata).toMatchObject({ organization_id: 'org-code', user_id: 'system' });
    } finally {
      await worker?.close();
    }
  });
});
