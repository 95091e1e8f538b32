import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { createApiApp, type ApiApp } from '../../src/app/api-app.js';
import { startWorkerApp, type WorkerApp } from '../../src/app/worker-app.js';
import { signToken } from '../../src/auth/tokens.js';
import type { Config } from '../../src/config/config.js';
import type { TaskRegistry } from '../../src/tasks/task-registry.js';
import { EnqueueTask } from './operations.js';
import { createTestEnvironment, type TestEnvironment } from './test-environment.js';
import { createTestRegistry } from './test-tasks.js';

/** A test file's running API (listening on a free port) and, unless asked not to, a worker. */
export interface Harness {
  env: TestEnvironment;
  api: ApiApp;
  worker: WorkerApp | null;
  /** `http://127.0.0.1:PORT/graphql` */
  url: string;
  close(): Promise<void>;
}

export async function startHarness(
  options: { worker?: boolean; registry?: TaskRegistry; config?: Partial<Config> } = {},
) {
  const env = await createTestEnvironment(options.config);
  const registry = options.registry ?? createTestRegistry();
  const api = await createApiApp({ config: env.config, logger: env.logger, registry });
  const port = await api.server.listen(0, '127.0.0.1');
  const worker =
    options.worker === false
      ? null
      : await startWorkerApp({ config: env.config, logger: env.logger, registry });

  const harness: Harness = {
    env,
    api,
    worker,
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      await harness.worker?.close();
      await api.close();
      await env.cleanup();
    },
  };

  return harness;
}

/** Who a test acts as. */
export interface Identity {
  org: string;
  user?: string;
  admin?: boolean;
  expiresIn?: string | number;
}

export function tokenFor(harness: Harness, identity: Identity): Promise<string> {
  return signToken(harness.env.config.jwtSecret, {
    organizationId: identity.org,
    userId: identity.user ?? `${identity.org}-user`,
    roles: identity.admin === true ? ['admin'] : [],
    expiresIn: identity.expiresIn,
  });
}

/** Runs a typed document through `yoga.fetch`, in process. */
export async function execute<Result, Variables>(
  harness: Harness,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  token?: string | null,
): Promise<{ status: number; body: ExecutionResult<Result> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined && token !== null) {
    headers.authorization = `Bearer ${token}`;
  }

  const response = await harness.api.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: print(document), variables }),
  });

  return { status: response.status, body: (await response.json()) as ExecutionResult<Result> };
}

/** Enqueues `task` through GraphQL as the holder of `token`; returns the new agent id. */
export async function enqueueTask(
  harness: Harness,
  token: string,
  task: string,
  context: Record<string, unknown>,
): Promise<string> {
  const { body } = await execute(harness, EnqueueTask, { input: { task, context } }, token);
  if (body.data === undefined || body.data === null) {
    throw new Error(`enqueue of ${task} failed: ${JSON.stringify(body.errors)}`);
  }

  return body.data.enqueueTask.agentId;
}

/** A graphql-ws client over a real socket, authorized with `token` when given. */
export function wsClient(harness: Harness, token?: string): Client {
  return createClient({
    url: harness.url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: token === undefined ? undefined : { authorization: `Bearer ${token}` },
  });
}

/** Events of one subscription as they arrive, and how it ended. */
export interface Collected<Result> {
  events: Array<ExecutionResult<Result>>;
  /** Resolves when the server completes the subscription; rejects on an error message. */
  ended: Promise<void>;
  stop(): void;
}

export function collect<Result, Variables>(
  client: Client,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Collected<Result> {
  const events: Array<ExecutionResult<Result>> = [];
  let stop = () => {};
  const ended = new Promise<void>((resolve, reject) => {
    stop = client.subscribe<Result>(
      { query: print(document), variables: variables as Record<string, unknown> },
      {
        next: (event) => events.push(event as ExecutionResult<Result>),
        error: (error) => reject(error),
        complete: () => resolve(),
      },
    );
  });
  ended.catch(() => undefined);

  return { events, ended, stop: () => stop() };
}
