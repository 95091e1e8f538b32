import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ExecutionArgs, GraphQLError } from 'graphql';
import { WebSocketServer } from 'ws';

import type { Logger } from '../config/logger.js';
import { clientError } from '../graphql/errors.js';
import type { ApiYoga } from './create-yoga.js';
import { serveGraphqlWs } from './graphql-ws-transport.js';
import { createErrorMasker, MASKED_MESSAGE } from './mask-error.js';
import type { SharedEventExecution } from './shared-event-execution.js';

/** Options of {@link createApiServer}. */
export interface ApiServerOptions {
  yoga: ApiYoga;
  /** Runs subscriptions over graphql-ws, sharing event results with Yoga's SSE. */
  liveEvents: SharedEventExecution;
  logger: Logger;
  /** Largest WebSocket message accepted, in bytes. */
  maxMessageBytes: number;
  /** Operations open at once on one socket; more are refused with TOO_MANY_SUBSCRIPTIONS. */
  maxOperationsPerConnection: number;
  /** How often each socket is pinged; one that missed the last ping is closed. */
  keepAliveMs: number;
}

/** The HTTP server for Yoga plus graphql-ws on the same `/graphql` path. */
export interface ApiServer {
  http: Server;
  /** Resolves with the bound port. */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

interface EnvelopedRoot {
  execute(args: ExecutionArgs): unknown;
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const http = createServer((request, response) => handleHttp(options.yoga, request, response));
  const sockets = new WebSocketServer({
    server: http,
    path: options.yoga.graphqlEndpoint,
    maxPayload: options.maxMessageBytes,
  });
  const graphqlWs = useGraphqlWs(options, sockets);

  return {
    http,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve((http.address() as AddressInfo).port));
      }),
    async close() {
      await graphqlWs.dispose();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function handleHttp(yoga: ApiYoga, request: IncomingMessage, response: ServerResponse): void {
  // A body without a declared length could grow past the size limit unseen; require one.
  const hasBody = request.method === 'POST' || request.method === 'PUT';
  if (hasBody && request.headers['content-length'] === undefined) {
    response.writeHead(411, { 'content-type': 'application/json' });
    const error = { message: 'Content-Length is required', extensions: { code: 'BAD_REQUEST' } };
    response.end(JSON.stringify({ errors: [error] }));
    return;
  }

  void yoga(request, response);
}

/**
 * graphql-ws over Yoga's envelop, as Yoga documents it: every operation gets its own context,
 * so scope-auth's per-context cache never spans two operations. Subscriptions run on the shared
 * event execution directly rather than through envelop's subscribe, whose hooks here only mask
 * errors (which the shared execution does once per result) and would wrap each subscription's
 * stream in two more iterators (error mapping and masking).
 */
function useGraphqlWs(options: ApiServerOptions, sockets: WebSocketServer) {
  const { yoga, logger } = options;
  const maskError = createErrorMasker(logger);

  return serveGraphqlWs(
    {
      // The enveloped execute travels in rootValue, as Yoga's graphql-ws recipe does; graphql-ws
      // types results as graphql-js's own, which envelop's match at run time but not in name.
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => options.liveEvents.subscribe(args),
      onSubscribe: async (context, _id, payload) => {
        // graphql-ws lists this operation among the socket's before it calls the hook.
        if (Object.keys(context.subscriptions).length > options.maxOperationsPerConnection) {
          return [tooManyOperations(options.maxOperationsPerConnection)];
        }

        const enveloped = yoga.getEnveloped({
          connectionParams: context.connectionParams,
          params: payload,
          socket: context.extra.socket,
        });
        try {
          const document = enveloped.parse(payload.query);
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length > 0) {
            return errors;
          }
          const contextValue = await enveloped.contextFactory();

          return {
            schema: enveloped.schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            contextValue,
            rootValue: { execute: enveloped.execute },
          };
        } catch (error) {
          // Syntax errors and refused tokens end this operation only, never the socket; anything
          // else is logged and masked as over HTTP.
          return [maskError(error, MASKED_MESSAGE) as GraphQLError];
        }
      },
      onError: (_context, _id, _payload, errors) => {
        logger.debug({ errors: errors.map((error) => error.message) }, 'websocket operation error');
      },
    },
    sockets,
    { logger, keepAliveMs: options.keepAliveMs },
  );
}

function tooManyOperations(limit: number): GraphQLError {
  return clientError(
    'TOO_MANY_SUBSCRIPTIONS',
    `At most ${limit} operations may be open on one connection`,
    {
      extensions: { limit, scope: 'connection' },
    },
  );
}
