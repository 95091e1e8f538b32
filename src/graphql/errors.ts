import { GraphQLError } from 'graphql';

import { InvalidTokenError } from '../auth/tokens.js';
import {
  CursorExpiredError,
  InvalidCursorError,
  SubscriberOverflowError,
  SubscriptionLimitError,
} from '../events/stream-errors.js';
import {
  InvalidTaskInputError,
  QueueUnavailableError,
  UnknownTaskError,
} from '../tasks/task-errors.js';

/** Codes a client can see in `extensions.code`. Anything else is masked. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST'
  | 'DOCUMENT_TOO_COMPLEX'
  | 'PAYLOAD_TOO_LARGE'
  | 'SERVICE_UNAVAILABLE'
  | 'CURSOR_EXPIRED'
  | 'SUBSCRIBER_TOO_SLOW'
  | 'TOO_MANY_SUBSCRIPTIONS';

/** A client-facing error. `httpStatus` applies when the error fails the whole request. */
export function clientError(
  code: ErrorCode,
  message: string,
  details: { httpStatus?: number; extensions?: Record<string, unknown> } = {},
): GraphQLError {
  const extensions: Record<string, unknown> = { ...details.extensions, code };
  if (details.httpStatus !== undefined) {
    extensions.http = { status: details.httpStatus };
  }

  return new GraphQLError(message, { extensions });
}

/** A document over a bound on its size or cost; `reason` says which bound. */
export function documentTooComplex(reason: string): GraphQLError {
  return clientError('DOCUMENT_TOO_COMPLEX', reason, { httpStatus: 400 });
}

export function unauthenticated(message = 'Sign in: send a valid bearer token'): GraphQLError {
  return clientError('UNAUTHENTICATED', message, { httpStatus: 401 });
}

export function notFound(what: string): GraphQLError {
  return clientError('NOT_FOUND', `${what} not found`);
}

export function badUserInput(message: string, extensions?: Record<string, unknown>): GraphQLError {
  return clientError('BAD_USER_INPUT', message, { extensions });
}

/**
 * Turns the domain errors a client caused into coded GraphQL errors; anything else is returned
 * as it is, for Yoga to mask and log.
 */
export function toClientError(error: unknown): unknown {
  if (error instanceof UnknownTaskError) {
    return badUserInput(error.message, { task: error.task });
  }
  if (error instanceof InvalidTaskInputError) {
    return badUserInput(error.message, { issues: error.issues });
  }
  if (error instanceof QueueUnavailableError) {
    return clientError('SERVICE_UNAVAILABLE', error.message);
  }
  if (error instanceof InvalidTokenError) {
    return unauthenticated(error.message);
  }
  if (error instanceof InvalidCursorError) {
    return badUserInput(error.message, { argument: 'after' });
  }
  if (error instanceof CursorExpiredError) {
    return clientError('CURSOR_EXPIRED', error.message, {
      extensions: { maxReplay: error.maxReplay },
    });
  }
  if (error instanceof SubscriptionLimitError) {
    return clientError('TOO_MANY_SUBSCRIPTIONS', error.message, {
      extensions: { limit: error.limit, scope: 'organization' },
    });
  }
  if (error instanceof SubscriberOverflowError) {
    return clientError('SUBSCRIBER_TOO_SLOW', error.message);
  }

  return error;
}

/** Runs `work`, rethrowing its errors as {@link toClientError} maps them. */
export async function withClientErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toClientError(error);
  }
}
