import type { Logger } from '../config/logger.js';
import type { ActivityChange } from '../db/activity-record.js';
import type { SubscriberStream } from './subscriber-stream.js';

/** Where a feed reads what pub/sub did not bring: the organization's committed changes. */
export interface FeedSource {
  /** The organization's changes numbered after `after`, in order, at most `limit`. */
  changesAfter(organizationId: string, after: bigint, limit: number): Promise<ActivityChange[]>;
  /** The number of the organization's newest committed change, 0 when it has none. */
  latestSequence(organizationId: string): Promise<bigint>;
}

const FILL_BATCH = 500;
const FILL_RETRY_MS = 200;

/**
 * One organization's changes in one API process, handed to its listeners exactly once and in
 * order. Changes are numbered without holes in commit order, so a number that skips ahead shows
 * a message Redis lost or reordered: the feed holds the early arrival and reads the missing
 * changes from PostgreSQL, where they are already committed.
 */
export class OrganizationFeed {
  /** Number of the last change handed to listeners; null until the feed has started. */
  private delivered: bigint | null = null;
  private readonly early = new Map<bigint, ActivityChange>();
  private readonly listeners = new Set<SubscriberStream>();
  private filling = false;
  private fillAgain = false;
  private ready: Promise<void> | null = null;

  constructor(
    readonly organizationId: string,
    /** The Redis channel the feed listens on. */
    readonly channel: string,
    private readonly source: FeedSource,
    private readonly logger: Logger,
  ) {}

  /** True once the feed hands changes on: its channel is subscribed and its numbering known. */
  get isStarted(): boolean {
    return this.delivered !== null;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  get bufferedCount(): number {
    let buffered = this.early.size;
    for (const listener of this.listeners) {
      buffered += listener.buffered;
    }

    return buffered;
  }

  /** The channel listener; a null detail is a message that could not be read. */
  readonly onMessage = (event: CustomEvent<ActivityChange | null>): void => {
    const change = event.detail;
    if (change !== null && change.activity.organizationId === this.organizationId) {
      this.receive(change);
    }
  };

  /**
   * Starts numbering after the newest change committed before `subscribe` (which registers the
   * feed on its channel) is called, then reads what was committed until the subscription held:
   * from then on every change reaches the feed by pub/sub or by a fill.
   */
  start(subscribe: () => Promise<void>): void {
    this.ready = (async () => {
      const latest = await this.source.latestSequence(this.organizationId);
      await subscribe();
      this.delivered = latest;
      this.drain();
    })();
    this.ready.then(
      () => this.catchUp(),
      (error: unknown) => {
        this.logger.error({ err: error, organization: this.organizationId }, 'feed start failed');
      },
    );
  }

  /**
   * Registers `listener` at once, so it receives every change the feed hands on from now, and
   * resolves once the feed has started; rejects when it could not start.
   */
  async attach(listener: SubscriberStream): Promise<void> {
    if (!listener.isClosed) {
      this.listeners.add(listener);
    }

    await this.ready;
  }

  detach(listener: SubscriberStream): void {
    this.listeners.delete(listener);
  }

  private receive(change: ActivityChange): void {
    // Nobody to hand it to; a feed without listeners is about to be closed.
    if (this.listeners.size === 0) {
      return;
    }

    const sequence = BigInt(change.log.sequence);
    if (this.delivered !== null && sequence <= this.delivered) {
      return;
    }

    this.early.set(sequence, change);
    this.drain();
  }

  /** Reads every committed change after the last delivered one, as after a reconnect. */
  catchUp(): void {
    void this.fill();
  }

  private drain(): void {
    if (this.delivered === null) {
      return;
    }

    for (let next = this.early.get(this.delivered + 1n); next !== undefined; ) {
      this.early.delete(this.delivered + 1n);
      this.delivered += 1n;
      this.dispatch(next);
      next = this.early.get(this.delivered + 1n);
    }
    for (const sequence of this.early.keys()) {
      if (sequence <= this.delivered) {
        this.early.delete(sequence);
      }
    }
    if (this.early.size > 0) {
      void this.fill();
    }
  }

  /**
   * When the first committed change after `after` is numbered beyond `after + 1`, the numbers
   * between can never appear (a later one is committed, so every earlier one was): a log row was
   * deleted by hand, say. Waiting for them would stall the feed for good, so it moves past them.
   */
  private skipPermanentHole(after: bigint, first: ActivityChange | undefined): void {
    if (first === undefined || BigInt(first.log.sequence) === after + 1n) {
      return;
    }

    const missing = {
      from: (after + 1n).toString(),
      to: (BigInt(first.log.sequence) - 1n).toString(),
    };
    this.logger.warn(
      { organization: this.organizationId, missing },
      'feed skipped missing changes',
    );
    this.delivered = BigInt(first.log.sequence) - 1n;
  }

  private dispatch(change: ActivityChange): void {
    for (const listener of this.listeners) {
      if (listener.accepts(change)) {
        listener.push(change);
      }
    }
  }

  private async fill(): Promise<void> {
    if (this.filling) {
      this.fillAgain = true;
      return;
    }

    this.filling = true;
    try {
      await this.fillFromSource();
    } catch (error) {
      this.logger.warn({ err: error, organization: this.organizationId }, 'feed fill failed');
      setTimeout(() => void this.fill(), FILL_RETRY_MS).unref();
    } finally {
      this.filling = false;
    }
    if (this.fillAgain) {
      this.fillAgain = false;
      void this.fill();
    }
  }

  private async fillFromSource(): Promise<void> {
    await this.ready;
    if (this.listeners.size === 0) {
      return;
    }
    for (;;) {
      const after = this.delivered ?? 0n;
      const changes = await this.source.changesAfter(this.organizationId, after, FILL_BATCH);
      this.skipPermanentHole(after, changes[0]);
      for (const change of changes) {
        this.early.set(BigInt(change.log.sequence), change);
      }
      this.drain();
      if (changes.length < FILL_BATCH) {
        return;
      }
    }
  }
}
