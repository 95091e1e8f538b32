import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';

import { DemoCheckError } from './checks.js';

/**
 * Sends a typed document as an HTTP POST to `url` with `token` as its bearer token, and returns
 * the GraphQL response, errors included. Throws when the server answers something else.
 */
export async function requestGraphQL<Result, Variables>(
  url: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  token: string,
): Promise<FormattedExecutionResult<Result>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ query: print(document), variables }),
  });

  return readGraphQLResponse<Result>(response);
}

async function readGraphQLResponse<Result>(response: Response) {
  const text = await response.text();
  try {
    return JSON.parse(text) as FormattedExecutionResult<Result>;
  } catch {
    throw new Error(`The API answered ${response.status} without a GraphQL response: ${text}`);
  }
}

/** The data of a response that must have no errors; otherwise a {@link DemoCheckError}. */
export function dataOf<Result>(
  result: FormattedExecutionResult<Result>,
  operation: string,
): Result {
  if (result.errors !== undefined && result.errors.length > 0) {
    throw new DemoCheckError(`${operation} succeeds (it failed: ${describeErrors(result.errors)})`);
  }
  if (result.data === undefined || result.data === null) {
    throw new DemoCheckError(`${operation} returns data`);
  }

  return result.data;
}

/** GraphQL errors on one line, each with its code. */
export function describeErrors(errors: FormattedExecutionResult['errors']): string {
  return (errors ?? [])
    .map((error) => `${String(error.extensions?.code ?? 'ERROR')}: ${error.message}`)
    .join('; ');
}
