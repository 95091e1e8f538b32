import { readFile } from 'node:fs/promises';

import { isEnumType, isInputObjectType, isObjectType, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';

import { printedSchema, schema } from '../src/graphql/schema.js';

describe('schema.graphql', () => {
  it('matches the printed schema; run `npm run schema` when this fails', async () => {
    const committed = await readFile(new URL('../schema.graphql', import.meta.url), 'utf8');

    expect(committed).toBe(printedSchema());
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) {
        continue;
      }
      if (!type.description) {
        missing.push(type.name);
      }
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) {
            missing.push(`${type.name}.${field.name}`);
          }
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) {
              missing.push(`${type.name}.${field.name}(${arg.name})`);
            }
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) {
          if (!value.description) {
            missing.push(`${type.name}.${value.name}`);
          }
        }
      }
    }

    expect(missing).toEqual([]);
  });

  it('keeps the root fields clients rely on, with their types', () => {
    const signature = (root: 'Query' | 'Mutation' | 'Subscription', name: string) => {
      const field = (schema.getType(root) as GraphQLObjectType).getFields()[name];
      // Arguments are named, so their order is no part of the contract.
      const args = field?.args
        .map((arg) => `${arg.name}: ${String(arg.type)}`)
        .sort()
        .join(', ');

      return `${name}(${args ?? ''}): ${String(field?.type)}`;
    };

    expect(signature('Query', 'activities')).toBe(
      'activities(after: String, filter: ActivityFilter, first: Int): ActivityConnection!',
    );
    expect(signature('Query', 'activity')).toBe('activity(agentId: ID!): Activity');
    expect(signature('Query', 'activeCount')).toBe('activeCount(): Int!');
    expect(signature('Mutation', 'processDocument')).toBe(
      'processDocument(input: ProcessDocumentInput!): Activity!',
    );
    expect(signature('Mutation', 'enqueueTask')).toBe(
      'enqueueTask(input: EnqueueTaskInput!): Activity!',
    );
    expect(signature('Mutation', 'cancelActivity')).toBe('cancelActivity(agentId: ID!): Activity');
    expect(signature('Subscription', 'activityUpdated')).toBe(
      'activityUpdated(after: String, agentId: ID!): ActivityEvent!',
    );
    expect(signature('Subscription', 'activityFeed')).toBe(
      'activityFeed(after: String): ActivityEvent!',
    );
  });
});
