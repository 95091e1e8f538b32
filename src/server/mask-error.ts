import { randomUUID } from 'node:crypto';

import { GraphQLError } from 'graphql';

import type { Logger } from '../config/logger.js';

/** The message of a masked error, worded as Yoga words its own. */
export const MASKED_MESSAGE = 'Unexpected error.';

/**
 * Yoga's `maskError`: GraphQL errors made for the client (coded errors, validation errors) pass;
 * anything else is logged with an id and reaches the client as that id and a generic message.
 */
export function createErrorMasker(logger: Logger) {
  return (error: unknown, message: string): Error => {
    if (isClientFacing(error)) {
      return error;
    }

    const errorId = randomUUID();
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const path = error instanceof GraphQLError ? error.path : undefined;
    logger.error({ err: original, errorId, path }, 'unexpected error');

    return new GraphQLError(message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    });
  };
}

function isClientFacing(error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError)) {
    return false;
  }
  if (error.originalError === undefined || error.originalError === null) {
    return true;
  }

  return isClientFacing(error.originalError);
}
