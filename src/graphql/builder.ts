import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';

import type { JsonValue } from '../db/database-types.js';
import type { GraphQLContext } from './context.js';
import { clientError, unauthenticated } from './errors.js';

/** Scopes resolvers can require. */
export interface AuthScopes {
  /** A verified token. */
  viewer: boolean;
  /** A verified token whose roles include `admin`. */
  admin: boolean;
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    JSON: { Input: JsonValue; Output: unknown };
    DateTime: { Input: Date; Output: Date };
  };
}>({
  plugins: [ScopeAuthPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Check subscriptions when they start, not only when their first event arrives.
    authorizeOnSubscribe: true,
    authScopes: (context) => ({
      viewer: context.viewer !== null,
      admin: context.viewer?.isAdmin === true,
    }),
    unauthorizedError: (_parent, context, info) =>
      context.viewer === null
        ? unauthenticated()
        : clientError('FORBIDDEN', `Not allowed to read ${info.parentType.name}.${info.fieldName}`),
  },
});

builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('DateTime', DateTimeResolver);
