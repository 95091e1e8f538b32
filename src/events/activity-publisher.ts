import type { Redis } from 'ioredis';

import type { Logger } from '../config/logger.js';
import type { ActivityChange } from '../db/activity-record.js';
import { encodeChange } from './activity-change-codec.js';
import { channelOf, type ActivityTopics } from './activity-channels.js';

/**
 * Publishes committed changes on their organization's channel. A change is in PostgreSQL before
 * it is published, so a lost message loses no state: API processes fill it from there.
 */
export class ActivityPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly topics: ActivityTopics,
    private readonly logger: Logger,
  ) {}

  async publish(change: ActivityChange | null): Promise<void> {
    if (change === null) {
      return;
    }

    const message = encodeChange(change);
    try {
      const channel = channelOf(this.topics.organization, change.activity.organizationId);
      await this.redis.publish(channel, message);
    } catch (error) {
      this.logger.warn({ err: error, agentId: change.activity.agentId }, 'publish failed');
    }
  }

  /** Asks whichever worker runs the activity to abort it. */
  async requestCancel(agentId: string): Promise<void> {
    await this.redis.publish(this.topics.cancel, agentId);
  }
}
