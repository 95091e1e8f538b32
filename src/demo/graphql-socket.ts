import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { createClient, type Client, type Sink } from 'graphql-ws';
import WebSocket from 'ws';

import { describeErrors } from './graphql-http.js';

/** A graphql-ws client for `url` (http or https), authorized with `token`; it does not retry. */
export function createSocketClient(url: string, token: string): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
  });
}

/** Subscribes with a typed document; returns the function that stops the subscription. */
export function subscribeTo<Result, Variables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  sink: Sink<FormattedExecutionResult<Result>>,
): () => void {
  return client.subscribe<Result>({ query: print(document), variables }, sink);
}

/**
 * What a graphql-ws `error` means on one line: the client reports GraphQL errors as an array, a
 * closed socket as a close event and anything else as an Error.
 */
export function describeSocketError(error: unknown): string {
  if (Array.isArray(error)) {
    return describeErrors(error);
  }
  if (error instanceof Error) {
    return error.message;
  }

  const closed = error as { code?: number; reason?: string };
  if (typeof closed.code === 'number') {
    return `the socket closed (${closed.code}${closed.reason ? `: ${closed.reason}` : ''})`;
  }

  return String(error);
}
