import type { Redis } from 'ioredis';

import type { ActivityChange } from '../db/activity-record.js';
import { FINAL_STATUSES } from '../db/database-types.js';
import type { OrganizationActivities } from '../db/organization-activities.js';
import type { ActivityTopics } from './activity-channels.js';
import type { ActivityPubSub } from './activity-pubsub.js';

/** The streams behind the GraphQL subscriptions, over the process's shared pub/sub. */
export class ActivityStreams {
  constructor(
    private readonly pubSub: ActivityPubSub,
    private readonly subscriber: Redis,
    private readonly topics: ActivityTopics,
  ) {}

  /**
   * The activity's current state, then every later change, ending after a final status.
   *
   * It listens before it reads: the channel is subscribed and confirmed by Redis before the
   * snapshot is read from PostgreSQL, and live changes up to the snapshot's log entry are
   * dropped, so a change racing the setup is delivered exactly once.
   */
  async *watchActivity(
    scope: OrganizationActivities,
    agentId: string,
  ): AsyncGenerator<ActivityChange> {
    const live = this.pubSub.subscribe(this.topics.activity, agentId)[Symbol.asyncIterator]();
    let next = live.next();
    try {
      await this.subscribed();
      const snapshot = await scope.snapshot(agentId);
      if (snapshot === null) {
        return;
      }

      yield snapshot;
      let seen = BigInt(snapshot.log.id);
      let finished = isFinal(snapshot);
      while (!finished) {
        const { value, done } = await next;
        if (done === true) {
          return;
        }
        next = live.next();
        if (value === null || BigInt(value.log.id) <= seen) {
          continue;
        }

        seen = BigInt(value.log.id);
        finished = isFinal(value);
        yield value;
      }
    } finally {
      await live.return?.();
    }
  }

  /** Every change in the organization from now on. */
  async *watchOrganization(organizationId: string): AsyncGenerator<ActivityChange> {
    const live = this.pubSub.subscribe(this.topics.organization, organizationId);
    for await (const change of live) {
      // The channel is the organization's own; the check guards against a misrouted message.
      if (change !== null && change.activity.organizationId === organizationId) {
        yield change;
      }
    }
  }

  /**
   * Resolves once Redis has processed every SUBSCRIBE sent before it: replies on one connection
   * come in command order, so a PING answered means the subscriptions are in place.
   */
  private async subscribed(): Promise<void> {
    await this.subscriber.ping();
  }
}

function isFinal(change: ActivityChange): boolean {
  return FINAL_STATUSES.includes(change.activity.status);
}
