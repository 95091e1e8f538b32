import type { Viewer } from '../auth/viewer.js';
import type { ActivityChange } from '../db/activity-record.js';
import { closable } from '../events/closable-stream.js';
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

        const stream = await opening(context.services.streams.openActivity(scope, agentId, after));

        return guarded(stream, context);
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
        const stream = await opening(context.services.streams.openOrganization(scope, after));

        return guarded(stream, context);
      },
      resolve: (change: ActivityChange) => change,
    }),
  }),
});

/**
 * The stream as the client gets it: ended at token expiry, and closed when an HTTP client goes
 * away, even while the subscription was still being set up, when Yoga has no iterator to end.
 */
function guarded(stream: AsyncGenerator<ActivityChange>, context: GraphQLContext) {
  const close = () => void stream.return(undefined);
  if (context.signal?.aborted === true) {
    close();
  }
  context.signal?.addEventListener('abort', close, { once: true });

  return closable(untilExpiry(stream, requireViewer(context)), async () => {
    context.signal?.removeEventListener('abort', close);
    await stream.return(undefined);
  });
}

async function opening<T>(stream: Promise<T>): Promise<T> {
  try {
    return await stream;
  } catch (error) {
    throw toClientError(error);
  }
}

/**
 * Passes the stream's events on while the viewer's token is valid. At expiry the stream ends
 * with UNAUTHENTICATED even when no event is due, and errors of the stream reach the client
 * coded. One timer per stream, armed when the stream starts.
 */
async function* untilExpiry(
  stream: AsyncGenerator<ActivityChange>,
  viewer: Viewer,
): AsyncGenerator<ActivityChange> {
  const expiry = expiryOf(viewer.expiresAt);
  try {
    for (;;) {
      const next =
        expiry === null ? await stream.next() : await Promise.race([stream.next(), expiry.expired]);
      if (next.done === true) {
        return;
      }

      yield next.value;
    }
  } catch (error) {
    throw toClientError(error);
  } finally {
    expiry?.disarm();
  }
}

const MAX_TIMER_MS = 2_147_483_647;

function expiryOf(expiresAt: Date | null) {
  if (expiresAt === null) {
    return null;
  }

  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    // Node fires a timer of more than 2^31 - 1 ms at once; a long-lived token re-arms instead.
    const arm = () => {
      const remaining = expiresAt.getTime() - Date.now();
      if (remaining <= 0) {
        reject(unauthenticated('Token has expired'));
        return;
      }
      timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
      timer.unref();
    };
    arm();
  });
  expired.catch(() => undefined);

  return { expired, disarm: () => clearTimeout(timer) };
}
