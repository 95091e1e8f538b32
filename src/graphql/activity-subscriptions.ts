import type { ActivityChange } from '../db/activity-record.js';
import type { StreamBounds } from '../events/activity-streams.js';
import { ActivityEventRef } from './activity-types.js';
import { builder } from './builder.js';
import { requireViewer, viewerActivities, type GraphQLContext } from './context.js';
import { decodeEventCursor } from './activity-cursor.js';
import { notFound, toClientError, unauthenticated } from './errors.js';

builder.subscriptionType({
  description: 'Live changes of the viewer organization’s activities.',
  authScopes: { viewer: true },
  fields: (t) => ({
    activityUpdated: t.field({
      type: ActivityEventRef,
      description:
        'The activity’s current state first (or, with `after`, every change after that cursor), ' +
        'then every change; completes after a final status.',
      args: {
        agentId: t.arg.id({ required: true, description: 'The activity’s agent id.' }),
        after: t.arg.string({
          description: 'Cursor of the last event received, to resume without a gap.',
        }),
      },
      subscribe: async (_root, args, context) => {
        const scope = viewerActivities(context);
        const agentId = String(args.agentId);
        const after = decodeEventCursor(args.after);
        // Refuse before anything is streamed: another tenant's id looks like a missing one.
        if ((await scope.find(agentId)) === null) {
          throw notFound('Activity');
        }

        return opening(
          context.services.streams.openActivity(scope, agentId, after, boundsOf(context)),
        );
      },
      resolve: (change: ActivityChange) => change,
    }),
    activityFeed: t.field({
      type: ActivityEventRef,
      description:
        'Every change of every activity in the viewer’s organization, from now on or, with ' +
        '`after`, from that cursor on.',
      args: {
        after: t.arg.string({
          description: 'Cursor of the last event received, to resume without a gap.',
        }),
      },
      subscribe: async (_root, args, context) => {
        const scope = viewerActivities(context);
        const after = decodeEventCursor(args.after);

        return opening(context.services.streams.openOrganization(scope, after, boundsOf(context)));
      },
      resolve: (change: ActivityChange) => change,
    }),
  }),
});

/** How a subscription's stream ends besides its client: at token expiry, or when SSE goes away. */
function boundsOf(context: GraphQLContext): StreamBounds {
  const { expiresAtMs } = requireViewer(context);
  const deadline = expiresAtMs === null ? null : { atMs: expiresAtMs, error: tokenExpired };

  return { deadline, signal: context.signal };
}

function tokenExpired(): Error {
  return unauthenticated('Token has expired');
}

async function opening<T>(stream: Promise<T>): Promise<T> {
  try {
    return await stream;
  } catch (error) {
    throw toClientError(error);
  }
}
