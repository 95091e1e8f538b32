import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

import { builder } from './builder.js';
import './activity-types.js';
import './activity-queries.js';
import './activity-mutations.js';
import './activity-subscriptions.js';
import './schedules.js';

/** The API's executable schema. */
export const schema: GraphQLSchema = builder.toSchema();

/** The schema as committed in `schema.graphql`: sorted, so it changes only when the API does. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
