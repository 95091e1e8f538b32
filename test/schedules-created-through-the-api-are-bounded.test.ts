import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { execute, startHarness, tokenFor, type Harness } from './support/api-harness.js';
import { RemoveSchedule, ScheduleTask } from './support/operations.js';

// The default bound between runs (a minute), a small cap on schedules per organization and a
// small document bound.

const MAX_DOCUMENT_BYTES = 1000;

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({
    worker: false,
    config: { maxSchedulesPerOrganization: 2, maxDocumentBytes: MAX_DOCUMENT_BYTES },
  });
});

afterAll(() => harness.close());

async function schedule(token: string, cron: string) {
  const input = { task: 'echo', context: { text: 'tick' }, cron };
  const { body } = await execute(harness, ScheduleTask, { input }, token);

  return body;
}

async function scheduleRows(organizationId: string): Promise<number> {
  const rows = await harness.env.db
    .selectFrom('agentexec_schedule')
    .select('id')
    .where('organization_id', '=', organizationId)
    .execute();

  return rows.length;
}

describe('a schedule created through the API', () => {
  it.each([
    ['every second', '* * * * * *'],
    ['twice a minute', '*/30 * * * * *'],
    ['at seconds 0 and 1 of each minute', '0,1 * * * * *'],
    // cron-parser draws H afresh at each next run, so no bound could be checked on it.
    ['at a hashed second', 'H * * * * *'],
    ['at a hashed second and minute', 'H H * * * *'],
  ])(
    'is refused with BAD_USER_INPUT when it runs %s, and nothing is written',
    async (_name, cron) => {
      const token = await tokenFor(harness, { org: 'org-fast' });
      const body = await schedule(token, cron);

      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toMatch(/at most one per 60 s|may not use H/);
      expect(await scheduleRows('org-fast')).toBe(0);
    },
  );

  it.each([
    // Inputs may take the document bound and 4 KiB, as enqueued ones.
    ['an input over the size bound', { text: 'a'.repeat(MAX_DOCUMENT_BYTES + 4096) }],
    ['NUL in its input', { text: 'a\u0000b' }],
    ['an unpaired surrogate in its input', { text: 'a\ud800b' }],
  ])('is refused with BAD_USER_INPUT for %s, and nothing is written', async (_name, context) => {
    const token = await tokenFor(harness, { org: 'org-odd-input' });
    const input = { task: 'echo', context, cron: '0 0 1 1 *' };
    const { body } = await execute(harness, ScheduleTask, { input }, token);

    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await scheduleRows('org-odd-input')).toBe(0);
  });

  it('runs on Thursdays: a day name holding an H is not a hashed field', async () => {
    const token = await tokenFor(harness, { org: 'org-thursday' });

    expect((await schedule(token, '0 9 * * THU')).errors).toBeUndefined();
  });

  it('may run once a minute', async () => {
    const token = await tokenFor(harness, { org: 'org-minutely' });
    const body = await schedule(token, '0 * * * * *');

    expect(body.errors).toBeUndefined();
    expect(await scheduleRows('org-minutely')).toBe(1);
  });
});

describe('removeSchedule', () => {
  it('answers an id holding NUL as it answers an unknown one', async () => {
    const token = await tokenFor(harness, { org: 'org-remove' });
    const { body } = await execute(harness, RemoveSchedule, { id: 'a\u0000b' }, token);

    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('an organization', () => {
  it('holds at most MAX_SCHEDULES_PER_ORGANIZATION schedules; others stay free', async () => {
    const full = await tokenFor(harness, { org: 'org-full' });
    for (let index = 0; index < 2; index += 1) {
      expect((await schedule(full, '0 0 1 1 *')).errors).toBeUndefined();
    }

    const refused = await schedule(full, '0 0 1 1 *');
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toMatch(/at most 2 schedules/);
    expect(await scheduleRows('org-full')).toBe(2);

    const other = await tokenFor(harness, { org: 'org-other' });
    expect((await schedule(other, '0 0 1 1 *')).errors).toBeUndefined();
  });

  it('cannot pass the cap by creating many schedules at once', async () => {
    const racer = await tokenFor(harness, { org: 'org-race' });
    const bodies = await Promise.all(
      Array.from({ length: 20 }, () => schedule(racer, '0 0 1 1 *')),
    );

    expect(bodies.filter((body) => body.errors === undefined)).toHaveLength(2);
    expect(await scheduleRows('org-race')).toBe(2);
  });
});
