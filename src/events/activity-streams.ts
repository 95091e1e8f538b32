import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';

import type { Logger } from '../config/logger.js';
import { isFinalStatus, type Database } from '../db/database-types.js';
import { OrganizationActivities } from '../db/organization-activities.js';
import { channelOf, type ActivityTopics } from './activity-channels.js';
import type { ChangeEvent, ChangeEventTarget } from './activity-event-target.js';
import { OrganizationFeed, type FeedSource } from './organization-feed.js';
import { CursorExpiredError, InvalidCursorError, SubscriptionLimitError } from './stream-errors.js';
import {
  SubscriberStream,
  type StreamDeadline,
  type StreamHead,
  type StreamOwner,
  type SubscriberStreamOptions,
} from './subscriber-stream.js';

/** Bounds of the live streams of one API process. */
export interface StreamLimits {
  /** Events a subscriber may leave unread before its stream ends. Default: 1024. */
  bufferSize: number;
  /** Changes a resume may replay; an older cursor is refused. Default: 10,000. */
  maxReplay: number;
  /** Open subscriptions per organization in this process. Default: 1,000. */
  maxSubscriptionsPerOrganization: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  bufferSize: 1024,
  maxReplay: 10_000,
  maxSubscriptionsPerOrganization: 1000,
};

export interface ActivityStreamsDependencies {
  db: Kysely<Database>;
  eventTarget: ChangeEventTarget;
  /** The connection `eventTarget` subscribes on. */
  subscriber: Redis;
  topics: ActivityTopics;
  logger: Logger;
  limits?: Partial<StreamLimits>;
}

/** How one stream may end before its client ends it. */
export interface StreamBounds {
  /** The stream ends with the deadline's error at that time (a token's expiry). */
  deadline?: StreamDeadline | null;
  /** The stream closes when this aborts (an HTTP client that went away). */
  signal?: AbortSignal | null;
}

/** Numbers of what the streams hold, for tests and health checks. */
export interface StreamStats {
  feeds: number;
  /** Streams receiving live changes. */
  listeners: number;
  /** Streams waiting for their organization's feed to start. */
  starting: number;
  buffered: number;
}

/**
 * The live streams behind the subscriptions. Each organization with listeners in this process
 * has one feed on one Redis channel; every subscription is a listener on it, filtered to what it
 * asked for, and starts from a snapshot or a replay read from PostgreSQL.
 */
export class ActivityStreams implements StreamOwner {
  private readonly feeds = new Map<string, OrganizationFeed>();
  private readonly open = new Map<string, number>();
  private readonly limits: StreamLimits;
  private readonly source: FeedSource;

  constructor(private readonly deps: ActivityStreamsDependencies) {
    this.limits = { ...DEFAULT_STREAM_LIMITS, ...deps.limits };
    this.source = {
      changesAfter: (organizationId, after, limit) =>
        this.scope(organizationId).changesAfter(after, { limit }),
      latestSequence: (organizationId) => this.scope(organizationId).latestSequence(),
    };
    // ioredis resubscribes after a reconnect; what was published meanwhile is in PostgreSQL. It
    // emits 'ready' in the same call that then sends the SUBSCRIBEs, so the catch-up's PING
    // waits a microtask: sent after them, it is answered once they hold.
    deps.subscriber.on('ready', () => queueMicrotask(() => void this.catchUpAll()));
  }

  /**
   * One activity's stream: its current state, or with `after` every change after that cursor,
   * then each later change; it ends after a final status.
   */
  async openActivity(
    scope: OrganizationActivities,
    agentId: string,
    after: bigint | null,
    bounds: StreamBounds = {},
  ): Promise<SubscriberStream> {
    return this.openStream(scope, { after, agentId }, bounds);
  }

  /** The organization's stream: every change from now on, or every change after `after`. */
  async openOrganization(
    scope: OrganizationActivities,
    after: bigint | null,
    bounds: StreamBounds = {},
  ): Promise<SubscriberStream> {
    return this.openStream(scope, { after, agentId: null }, bounds);
  }

  stats(): StreamStats {
    let listeners = 0;
    let starting = 0;
    let buffered = 0;
    for (const feed of this.feeds.values()) {
      if (feed.isStarted) {
        listeners += feed.listenerCount;
      } else {
        starting += feed.listenerCount;
      }
      buffered += feed.bufferedCount;
    }

    return { feeds: this.feeds.size, listeners, starting, buffered };
  }

  private async openStream(
    scope: OrganizationActivities,
    options: { after: bigint | null; agentId: string | null },
    bounds: StreamBounds,
  ): Promise<SubscriberStream> {
    const stream = this.listen({
      organizationId: scope.organizationId,
      agentId: options.agentId,
      // One activity's stream ends with it; the organization's goes on.
      endAfterFinal: options.agentId !== null,
      deadline: bounds.deadline ?? null,
      signal: bounds.signal ?? null,
    });
    if (stream.isClosed) {
      // Ended as it was made (its request gone, its deadline past): it needs no feed, and one
      // started for it would be released by nobody.
      return stream;
    }

    try {
      // Attached before the head is read, so a change committed meanwhile is queued, not lost;
      // the stream skips it if the head covers it.
      await this.feedOf(scope.organizationId).attach(stream);
      stream.begin(await this.head(scope, options));

      return stream;
    } catch (error) {
      await stream.return();
      throw error;
    }
  }

  /** What a stream sends before live changes: a snapshot, or a replay after the cursor. */
  private async head(
    scope: OrganizationActivities,
    options: { after: bigint | null; agentId: string | null },
  ): Promise<StreamHead> {
    if (options.after === null) {
      const snapshot = options.agentId === null ? null : await scope.snapshot(options.agentId);

      return snapshot === null
        ? { changes: [], after: 0n }
        : { changes: [snapshot], after: BigInt(snapshot.log.sequence) };
    }

    if (options.after > (await scope.latestSequence())) {
      throw new InvalidCursorError('This cursor names a change that has not happened');
    }
    if (
      options.agentId !== null &&
      (await this.seenItsEnd(scope, options.agentId, options.after))
    ) {
      return { changes: [], after: options.after, ended: true };
    }
    const { maxReplay } = this.limits;
    const changes = await scope.changesAfter(options.after, {
      limit: maxReplay + 1,
      agentId: options.agentId ?? undefined,
    });
    if (changes.length > maxReplay) {
      throw new CursorExpiredError(maxReplay);
    }

    return { changes, after: options.after };
  }

  /**
   * True when the activity is final and its final change is not after `after`: the client saw
   * the end already, and its stream has nothing left to send. A final change is an activity's
   * last, so no later change can follow it.
   */
  private async seenItsEnd(
    scope: OrganizationActivities,
    agentId: string,
    after: bigint,
  ): Promise<boolean> {
    const snapshot = await scope.snapshot(agentId);

    return (
      snapshot !== null &&
      isFinalStatus(snapshot.activity.status) &&
      BigInt(snapshot.log.sequence) <= after
    );
  }

  private listen(options: Omit<SubscriberStreamOptions, 'capacity' | 'owner'>): SubscriberStream {
    const { organizationId } = options;
    const open = this.open.get(organizationId) ?? 0;
    const limit = this.limits.maxSubscriptionsPerOrganization;
    if (open >= limit) {
      throw new SubscriptionLimitError(limit);
    }

    this.open.set(organizationId, open + 1);

    return new SubscriberStream({
      ...options,
      capacity: this.limits.bufferSize,
      owner: this,
    });
  }

  /**
   * Forgets a closed stream. A feed lives while any stream of its organization is open, counting
   * those still being set up; when its start failed, its streams fail and close, and the next
   * subscriber starts a new one.
   */
  release(stream: SubscriberStream): void {
    const { organizationId } = stream;
    const open = (this.open.get(organizationId) ?? 1) - 1;
    const feed = this.feeds.get(organizationId);
    feed?.detach(stream);
    if (open > 0) {
      this.open.set(organizationId, open);
      return;
    }

    this.open.delete(organizationId);
    if (feed !== undefined) {
      this.feeds.delete(organizationId);
      this.deps.eventTarget.removeEventListener(feed.channel, feed.onMessage);
    }
  }

  private feedOf(organizationId: string): OrganizationFeed {
    const existing = this.feeds.get(organizationId);
    if (existing !== undefined) {
      return existing;
    }

    const channel = channelOf(this.deps.topics.organization, organizationId);
    const feed = new OrganizationFeed(organizationId, channel, this.source, this.deps.logger);
    this.feeds.set(organizationId, feed);
    feed.start(async () => {
      // Every stream may have closed while the feed read where to start.
      if (this.feeds.get(organizationId) === feed) {
        this.deps.eventTarget.addEventListener(channel, feed.onMessage);
        await this.subscribed();
      }
    });

    return feed;
  }

  /**
   * Resolves once Redis has processed every SUBSCRIBE sent before it: replies on one connection
   * come in command order, so an answered PING means the subscriptions are in place.
   */
  private async subscribed(): Promise<void> {
    await this.deps.subscriber.ping();
  }

  private async catchUpAll(): Promise<void> {
    if (this.feeds.size === 0) {
      return;
    }

    try {
      await this.subscribed();
      for (const feed of this.feeds.values()) {
        feed.catchUp();
      }
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'catch-up after reconnect failed');
    }
  }

  private scope(organizationId: string): OrganizationActivities {
    return new OrganizationActivities(this.deps.db, organizationId);
  }
}

export type { ChangeEvent };
