import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphQLError } from 'graphql';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  createYoga,
  useExecutionCancellation,
  type Plugin,
  type YogaServerInstance,
} from 'graphql-yoga';

import { APOLLO_STUDIO_ORIGIN, type Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import {
  createContext,
  sharingKeyOf,
  type ApiServices,
  type GraphQLContext,
} from '../graphql/context.js';
import { documentTooComplex, toClientError } from '../graphql/errors.js';
import { schema } from '../graphql/schema.js';
import { createErrorMasker } from './mask-error.js';
import { useDisableIntrospection } from './use-disable-introspection.js';
import { useRequestSizeLimit } from './use-request-size-limit.js';
import { SharedEventExecution } from './shared-event-execution.js';
import { useSharedEventExecution } from './use-shared-event-execution.js';
import { yogaLogger } from './yoga-logger.js';

/** What the transports hand Yoga: a Fetch request over HTTP, connection params over WebSocket. */
export interface ServerContext {
  request?: Request;
  connectionParams?: Record<string, unknown>;
}

export type ApiYoga = YogaServerInstance<ServerContext, GraphQLContext>;

export type YogaConfig = Pick<Config, 'corsOrigins' | 'introspection' | 'maxRequestBytes'>;

/** The GraphQL endpoint at `/graphql`: HTTP, SSE subscriptions and GraphiQL served offline. */
export function createApiYoga(
  services: ApiServices,
  config: YogaConfig,
  logger: Logger,
  liveEvents: SharedEventExecution = createLiveEvents(logger),
): ApiYoga {
  // Bounds on what one document may ask for, so one client cannot starve the others.
  const onReject = [refuseTooComplex];
  const plugins: Plugin[] = [
    useRequestSizeLimit(config.maxRequestBytes),
    useExecutionCancellation(),
    maxTokensPlugin({ n: 2000, onReject }),
    maxAliasesPlugin({ n: 15, onReject }),
    costLimitPlugin({ maxCost: 5000, onReject }),
    useSharedEventExecution(liveEvents),
  ] as Plugin[];
  if (!config.introspection) {
    plugins.push(useDisableIntrospection());
  }

  return createYoga<ServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: yogaLogger(logger),
    maskedErrors: { maskError: createErrorMasker(logger) },
    cors: {
      origin: [APOLLO_STUDIO_ORIGIN, ...config.corsOrigins],
      credentials: true,
      methods: ['GET', 'POST', 'OPTIONS'],
    },
    graphiql: { title: 'agentexec-graphql', subscriptionsProtocol: 'WS' },
    renderGraphiQL,
    plugins,
    context: ({ request, connectionParams }) =>
      createContext(services, authorizationOf(request, connectionParams), request?.signal ?? null),
  });
}

/**
 * How this schema's subscription events are executed, shared by Yoga (SSE) and graphql-ws: once
 * per document, variables and viewer organization and role, with errors masked as Yoga masks.
 */
export function createLiveEvents(logger: Logger): SharedEventExecution {
  return new SharedEventExecution({
    sharingKeyOf: (context) => sharingKeyOf(context as GraphQLContext),
    mapStreamError: toClientError,
    maskError: createErrorMasker(logger),
  });
}

/**
 * graphql-armor words a refusal as a syntax error without a code; this throws a coded one in its
 * place, from where armor would throw its own.
 */
function refuseTooComplex(_context: unknown, error: GraphQLError): never {
  throw documentTooComplex(error.message.replace(/^Syntax Error: /, ''));
}

function authorizationOf(
  request: Request | undefined,
  connectionParams: Record<string, unknown> | undefined,
): string | null {
  const fromParams = connectionParams?.authorization ?? connectionParams?.Authorization;
  if (typeof fromParams === 'string') {
    return fromParams;
  }

  return request?.headers.get('authorization') ?? null;
}
