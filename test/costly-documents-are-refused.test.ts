import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startHarness, tokenFor, type Harness } from './support/api-harness.js';

let harness: Harness;
let token: string;

beforeAll(async () => {
  harness = await startHarness({ worker: false });
  token = await tokenFor(harness, { org: 'org-cost' });
});

afterAll(() => harness.close());

async function post(query: string) {
  const response = await harness.api.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });

  return (await response.json()) as {
    data?: unknown;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
}

describe('a document', () => {
  it('with more than 15 aliases is refused before it runs', async () => {
    const fields = Array.from({ length: 200 }, (_, index) => `a${index}: activeCount`).join(' ');
    const body = await post(`{ ${fields} }`);

    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/^Aliases limit/i);
    expect(body.errors?.[0]?.extensions?.code).toBe('DOCUMENT_TOO_COMPLEX');
  });

  it('costing more than the limit is refused before it runs', async () => {
    // Few aliases and tokens, but a nested selection spread many times over.
    const spreads = ' ...Deep'.repeat(120);
    const body = await post(
      `{ activities { edges { node { ${spreads} } } } } ` +
        'fragment Deep on Activity { agentId status logs { id message } steps { name status } }',
    );

    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/^Query Cost limit of 5000 exceeded/);
    expect(body.errors?.[0]?.extensions?.code).toBe('DOCUMENT_TOO_COMPLEX');
  });

  it('as deep and wide as a dashboard’s is accepted', async () => {
    const body = await post(
      '{ activities { totalCount edges { node { agentId steps { name status } logs { id } } } ' +
        'pageInfo { endCursor } } activityCounts { total } activeCount }',
    );

    expect(body.errors).toBeUndefined();
  });

  it('with too many tokens is refused', async () => {
    const body = await post(`{ activeCount ${'__typename '.repeat(2500)} }`);

    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/^Token limit/);
    expect(body.errors?.[0]?.extensions?.code).toBe('DOCUMENT_TOO_COMPLEX');
  });
});
