import type { Activity } from '../db/activity-record.js';
import type { ActivityFilter } from '../db/organization-activities.js';
import { ActivityRef, ActivityStatusEnum } from './activity-types.js';
import { decodeCursor, encodeCursor } from './activity-cursor.js';
import { builder } from './builder.js';
import { requireViewer, viewerActivities, type GraphQLContext } from './context.js';
import { containsUnstorable } from '../db/storable-text.js';
import { badUserInput, clientError } from './errors.js';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

interface ActivityEdge {
  cursor: string;
  node: Activity;
}

interface ActivityConnection {
  edges: ActivityEdge[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  filter: ActivityFilter;
}

const ActivityFilterInput = builder.inputType('ActivityFilter', {
  description: 'Narrows a list of activities; every field given must match.',
  fields: (t) => ({
    status: t.field({
      type: [ActivityStatusEnum],
      required: false,
      description: 'Any of these statuses.',
    }),
    agentType: t.string({ required: false, description: 'Task or pipeline name.' }),
    metadata: t.field({
      type: 'JSON',
      required: false,
      description: 'Exact match on every key given. Admins only.',
    }),
  }),
});

const PageInfoRef = builder.objectRef<ActivityConnection>('PageInfo').implement({
  description: 'Where a page sits in the whole list.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'More activities follow.' }),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage', {
      description: 'This page was requested with an `after` cursor.',
    }),
    startCursor: t.string({
      nullable: true,
      description: 'Cursor of the first edge.',
      resolve: (connection) => connection.edges[0]?.cursor ?? null,
    }),
    endCursor: t.string({
      nullable: true,
      description: 'Cursor of the last edge; pass it as `after` for the next page.',
      resolve: (connection) => connection.edges.at(-1)?.cursor ?? null,
    }),
  }),
});

const ActivityEdgeRef = builder.objectRef<ActivityEdge>('ActivityEdge').implement({
  description: 'An activity in a list, with its cursor.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Position of this activity in the list.' }),
    node: t.field({
      type: ActivityRef,
      description: 'The activity.',
      resolve: (edge) => edge.node,
    }),
  }),
});

const ActivityConnectionRef = builder
  .objectRef<ActivityConnection>('ActivityConnection')
  .implement({
    description: 'A page of activities: running first, then queued, then newest first.',
    fields: (t) => ({
      edges: t.field({
        type: [ActivityEdgeRef],
        description: 'The activities of this page.',
        resolve: (connection) => connection.edges,
      }),
      pageInfo: t.field({
        type: PageInfoRef,
        description: 'Cursors and whether more pages exist.',
        resolve: (connection) => connection,
      }),
      totalCount: t.int({
        description: 'Activities matching the filter, on all pages.',
        resolve: (connection, _args, context) => viewerActivities(context).count(connection.filter),
      }),
    }),
  });

type StatusCounts = Record<Activity['status'], number>;

const ActivityCountsRef = builder.objectRef<StatusCounts>('ActivityCounts').implement({
  description: 'How many of the organization’s activities are in each status.',
  fields: (t) => ({
    queued: t.int({ description: 'Waiting for a worker.', resolve: (counts) => counts.QUEUED }),
    running: t.int({ description: 'Running now.', resolve: (counts) => counts.RUNNING }),
    complete: t.int({
      description: 'Finished with a result.',
      resolve: (counts) => counts.COMPLETE,
    }),
    error: t.int({
      description: 'Failed after their last attempt.',
      resolve: (counts) => counts.ERROR,
    }),
    canceled: t.int({ description: 'Canceled.', resolve: (counts) => counts.CANCELED }),
    total: t.int({
      description: 'All of them.',
      resolve: (counts) => Object.values(counts).reduce((sum, count) => sum + count, 0),
    }),
  }),
});

builder.queryType({
  description: 'Reads of the viewer organization’s activities.',
  authScopes: { viewer: true },
  fields: (t) => ({
    activities: t.field({
      type: ActivityConnectionRef,
      description: 'The organization’s activities, running first, then queued, then newest first.',
      args: {
        first: t.arg.int({ description: `Page size, 1 to ${MAX_PAGE_SIZE}. Default: 20.` }),
        after: t.arg.string({ description: 'Cursor after which the page starts.' }),
        filter: t.arg({ type: ActivityFilterInput, description: 'Narrows the list.' }),
      },
      resolve: async (_root, args, context) => {
        const first = pageSize(args.first);
        const filter = toFilter(args.filter, context);
        const after =
          args.after === null || args.after === undefined ? null : decodeCursor(args.after);
        const page = await viewerActivities(context).list(first, after, filter);

        return {
          edges: page.items.map((item) => ({
            cursor: encodeCursor(item.position),
            node: item.activity,
          })),
          hasNextPage: page.hasNextPage,
          hasPreviousPage: after !== null,
          filter,
        };
      },
    }),
    activity: t.field({
      type: ActivityRef,
      nullable: true,
      description: 'One activity by id; null when the organization has none with that id.',
      args: { agentId: t.arg.id({ required: true, description: 'The activity’s agent id.' }) },
      resolve: (_root, args, context) => viewerActivities(context).find(String(args.agentId)),
    }),
    activeCount: t.int({
      description: 'Activities of the organization that are QUEUED or RUNNING.',
      resolve: (_root, _args, context) => viewerActivities(context).activeCount(),
    }),
    activityCounts: t.field({
      type: ActivityCountsRef,
      description: 'The organization’s activities counted by status.',
      resolve: (_root, _args, context) => viewerActivities(context).countByStatus(),
    }),
  }),
});

function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (size < 1 || size > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, { argument: 'first' });
  }

  return size;
}

type FilterArgs =
  | {
      status?: readonly Activity['status'][] | null;
      agentType?: string | null;
      metadata?: unknown;
    }
  | null
  | undefined;

function toFilter(args: FilterArgs, context: GraphQLContext): ActivityFilter {
  const filter: ActivityFilter = {};
  if (args?.status) {
    filter.statuses = [...new Set(args.status)];
  }
  if (args?.agentType !== undefined && args.agentType !== null) {
    if (containsUnstorable(args.agentType)) {
      const message = 'filter.agentType may not contain NUL characters or unpaired surrogates';
      throw badUserInput(message, { argument: 'filter' });
    }
    filter.agentType = args.agentType;
  }
  if (args?.metadata !== undefined && args.metadata !== null) {
    filter.metadata = metadataFilter(args.metadata, context);
  }

  return filter;
}

function metadataFilter(value: unknown, context: GraphQLContext): ActivityFilter['metadata'] {
  if (!requireViewer(context).isAdmin) {
    throw clientError('FORBIDDEN', 'Only admins can filter by metadata');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badUserInput('filter.metadata must be a JSON object', { argument: 'filter' });
  }
  // Every key must equal its value exactly, so values are scalars: containment of an object
  // would match any object that merely includes it.
  const entries = Object.entries(value);
  const scalar = (item: unknown) =>
    item === null || ['string', 'number', 'boolean'].includes(typeof item);
  if (containsUnstorable(value)) {
    const message = 'filter.metadata may not contain NUL characters or unpaired surrogates';
    throw badUserInput(message, { argument: 'filter' });
  }
  if (!entries.every(([, item]) => scalar(item))) {
    throw badUserInput('filter.metadata values must be strings, numbers, booleans or null', {
      argument: 'filter',
    });
  }

  return value as ActivityFilter['metadata'];
}
