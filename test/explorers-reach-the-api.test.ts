import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApiYoga } from '../src/server/create-yoga.js';
import { startHarness, type Harness } from './support/api-harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ worker: false });
});

afterAll(() => harness.close());

function preflight(origin: string) {
  return fetch(harness.url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,authorization',
    },
  });
}

describe('CORS', () => {
  it('allows Apollo Studio with credentials', async () => {
    const response = await preflight('https://studio.apollographql.com');

    expect(response.headers.get('access-control-allow-origin')).toBe(
      'https://studio.apollographql.com',
    );
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('does not allow an origin that is not configured', async () => {
    const response = await preflight('https://evil.example');

    expect(response.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });
});

describe('introspection', () => {
  const query = JSON.stringify({ query: '{ __schema { queryType { name } } }' });

  it('works without a token by default, as Apollo Studio and GraphiQL need', async () => {
    const response = await fetch(harness.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: query,
    });
    const body = (await response.json()) as {
      data?: { __schema: { queryType: { name: string } } };
    };

    expect(body.data?.__schema.queryType.name).toBe('Query');
  });

  it('accepts the full introspection query GraphiQL and Apollo Studio send', async () => {
    const response = await fetch(harness.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: getIntrospectionQuery({ descriptions: true }) }),
    });
    const body = (await response.json()) as { data?: { __schema: unknown }; errors?: unknown };

    expect(body.errors).toBeUndefined();
    expect(body.data?.__schema).toBeDefined();
  });

  it('is refused when the setting turns it off', async () => {
    const yoga = createApiYoga(
      harness.api.services,
      { ...harness.env.config, introspection: false },
      harness.env.logger,
    );
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: query,
    });
    const body = (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> };

    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/introspection/i);
  });
});

describe('GraphiQL', () => {
  it('is served from this server, without a CDN', async () => {
    const response = await fetch(harness.url, { headers: { accept: 'text/html' } });
    const html = await response.text();

    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toMatch(/graphiql/i);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr\.net|cdnjs/);
  });
});

describe('HTTP', () => {
  it('requires a declared length on request bodies', async () => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"query":"{ activeCount }"}'));
        controller.close();
      },
    });
    const response = await fetch(harness.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);

    expect(response.status).toBe(411);
  });

  it('answers health checks', async () => {
    const response = await fetch(harness.url.replace('/graphql', '/health'));

    expect(response.status).toBe(200);
  });
});
