import { Redis } from 'ioredis';

import { ActivityRecorder } from '../../src/db/activity-recorder.js';
import { ActivityPublisher } from '../../src/events/activity-publisher.js';
import { activityTopics, channelOf } from '../../src/events/activity-channels.js';
import { encodeChange } from '../../src/events/activity-change-codec.js';
import type { Harness } from './api-harness.js';

/**
 * Writes changes the way a worker does, without a worker: through the recorder, then published.
 * Lets a test make exactly the changes it wants, at the moment it wants.
 */
export class ChangeWriter {
  readonly recorder: ActivityRecorder;
  private readonly publisher: ActivityPublisher;

  constructor(
    private readonly harness: Harness,
    private readonly redis: Redis,
  ) {
    this.recorder = new ActivityRecorder(harness.env.db);
    this.publisher = new ActivityPublisher(
      redis,
      activityTopics(harness.env.config.queuePrefix),
      harness.env.logger,
    );
  }

  static async open(harness: Harness): Promise<ChangeWriter> {
    const redis = new Redis(harness.env.config.redisUrl);
    redis.on('error', () => undefined);

    return new ChangeWriter(harness, redis);
  }

  async start(agentId: string): Promise<void> {
    await this.publisher.publish(await this.recorder.start(agentId, 1, 'Started'));
  }

  async progress(agentId: string, message: string, percentage?: number): Promise<void> {
    await this.publisher.publish(await this.recorder.progress(agentId, message, percentage));
  }

  /** Records a change in PostgreSQL without publishing it, as when a publish is lost. */
  async progressUnpublished(agentId: string, message: string): Promise<void> {
    await this.recorder.progress(agentId, message);
  }

  /**
   * Records a progress change and publishes it with `alter` applied to its pub/sub form, as a
   * faulty publisher might: a change that decodes but fails to resolve.
   */
  async progressPublishedAltered(
    agentId: string,
    message: string,
    alter: (change: { activity: Record<string, unknown> }) => void,
  ): Promise<void> {
    const recorded = await this.recorder.progress(agentId, message);
    if (recorded === null) {
      throw new Error(`Activity ${agentId} is not running`);
    }

    const change = JSON.parse(encodeChange(recorded)) as { activity: Record<string, unknown> };
    alter(change);
    await this.publishRaw(change.activity.organizationId as string, JSON.stringify(change));
  }

  async complete(agentId: string): Promise<void> {
    await this.publisher.publish(await this.recorder.complete(agentId, { ok: true }, 'Completed'));
  }

  organizationChannel(organizationId: string): string {
    return channelOf(
      activityTopics(this.harness.env.config.queuePrefix).organization,
      organizationId,
    );
  }

  async publishRaw(organizationId: string, message: string): Promise<void> {
    await this.redis.publish(this.organizationChannel(organizationId), message);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
