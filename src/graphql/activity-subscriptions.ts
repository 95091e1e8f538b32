import type { ActivityChange } from '../db/activity-record.js';
import { ActivityEventRef } from './activity-types.js';
import { builder } from './builder.js';
import { viewerActivities } from './context.js';
import { notFound } from './errors.js';

builder.subscriptionType({
  description: 'Live changes of the viewer organization’s activities.',
  authScopes: { viewer: true },
  fields: (t) => ({
    activityUpdated: t.field({
      type: ActivityEventRef,
      description:
        'The activity’s current state first, then every change; completes after a final status.',
      args: { agentId: t.arg.id({ required: true, description: 'The activity’s agent id.' }) },
      subscribe: async (_root, args, context) => {
        const scope = viewerActivities(context);
        const agentId = String(args.agentId);
        // Refuse before anything is streamed: another tenant's id looks like a missing one.
        if ((await scope.find(agentId)) === null) {
          throw notFound('Activity');
        }

        return context.services.streams.watchActivity(scope, agentId);
      },
      resolve: (change: ActivityChange) => change,
    }),
    activityFeed: t.field({
      type: ActivityEventRef,
      description: 'Every change of every activity in the viewer’s organization, as it happens.',
      subscribe: (_root, _args, context) =>
        context.services.streams.watchOrganization(viewerActivities(context).organizationId),
      resolve: (change: ActivityChange) => change,
    }),
  }),
});
