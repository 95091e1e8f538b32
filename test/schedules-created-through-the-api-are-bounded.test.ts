import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { execute, startHarness, tokenFor, type Harness } from './support/api-harness.js';
import { ScheduleTask } from './support/operations.js';

// The default bound between runs (a minute), and a small cap on schedules per organization.

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ worker: false, config: { maxSchedulesPerOrganization: 2 } });
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
  ])(
    'is refused with BAD_USER_INPUT when it runs %s, and nothing is written',
    async (_name, cron) => {
      const token = await tokenFor(harness, { org: 'org-fast' });
      const body = await schedule(token, cron);

      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toMatch(/at most one per 60 s/);
      expect(await scheduleRows('org-fast')).toBe(0);
    },
  );

  it('may run once a minute', async () => {
    const token = await tokenFor(harness, { org: 'org-minutely' });
    const body = await schedule(token, '0 * * * * *');

    expect(body.errors).toBeUndefined();
    expect(await scheduleRows('org-minutely')).toBe(1);
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
});
