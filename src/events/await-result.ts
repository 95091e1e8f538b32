import type { JsonValue } from '../db/database-types.js';
import type { OrganizationActivities } from '../db/organization-activities.js';
import type { ActivityStreams } from './activity-streams.js';

/** The awaited activity ended in ERROR or CANCELED. */
export class ActivityFailedError extends Error {
  override name = 'ActivityFailedError';

  constructor(
    readonly agentId: string,
    readonly status: 'ERROR' | 'CANCELED',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Resolves with an activity's result once it is COMPLETE, listening to its live stream rather
 * than polling; rejects with {@link ActivityFailedError} carrying the task's error when it ends
 * otherwise, and with a plain Error when `scope` has no such activity.
 *
 * @example
 * const activity = await taskQueue.enqueue(enqueuer, { task: 'echo', input: { text: 'hi' } });
 * const result = await awaitResult(streams, scope, activity.agentId);
 */
export async function awaitResult(
  streams: ActivityStreams,
  scope: OrganizationActivities,
  agentId: string,
): Promise<JsonValue | null> {
  if ((await scope.find(agentId)) === null) {
    throw new Error(`Activity ${agentId} not found`);
  }

  const stream = await streams.openActivity(scope, agentId, null);
  try {
    for await (const { activity } of stream) {
      if (activity.status === 'COMPLETE') {
        return activity.result;
      }
      if (activity.status === 'ERROR' || activity.status === 'CANCELED') {
        const message = activity.error ?? `Activity ${agentId} was ${activity.status}`;
        throw new ActivityFailedError(agentId, activity.status, message);
      }
    }
  } finally {
    await stream.return();
  }

  throw new Error(`The stream of activity ${agentId} ended before a final status`);
}
