import type { ActivityChange } from '../db/activity-record.js';
import { isFinalStatus } from '../db/database-types.js';
import { SubscriberOverflowError } from './stream-errors.js';

/** What a stream sends before live changes, and where live changes start. */
export interface StreamHead {
  /** A snapshot or a replay, in order. */
  changes: ActivityChange[];
  /** Live changes numbered up to this one are covered by the head and skipped. */
  after: bigint;
  /** The stream has nothing to send: its activity ended at or before `after`. */
  ended?: boolean;
}

/** When a stream must end whether or not a change is due, such as at its token's expiry. */
export interface StreamDeadline {
  /** Milliseconds since the epoch. */
  atMs: number;
  /** The error the stream ends with. */
  error: () => Error;
}

/** What keeps count of open streams; told once when a stream closes. */
export interface StreamOwner {
  release(stream: SubscriberStream): void;
}

/** How one subscription's stream behaves and ends. */
export interface SubscriberStreamOptions {
  organizationId: string;
  /** The one activity whose changes the stream wants; null for the organization's every change. */
  agentId: string | null;
  /** Live changes that may wait unread before the stream ends with an overflow. */
  capacity: number;
  /** End after the first change with a final status (for one activity's stream). */
  endAfterFinal: boolean;
  deadline: StreamDeadline | null;
  /** Closes the stream when aborted, even before its first read. */
  signal: AbortSignal | null;
  /** Told once, however the stream ends: read to its end, failed, returned or aborted. */
  owner: StreamOwner;
}

/** A read waiting for the next change. */
interface Waiting {
  resolve(result: IteratorResult<ActivityChange>): void;
  reject(error: Error): void;
}

// Node fires a timer of more than 2^31 - 1 ms at once; a longer deadline re-arms instead.
const MAX_TIMER_MS = 2_147_483_647;

/** The deadline timer's callback, one function for every stream. */
function checkDeadline(stream: SubscriberStream): void {
  stream.checkDeadline();
}

/**
 * One subscription's stream of changes, read as an async iterator: first its head (a snapshot or
 * a replay), then the live changes its organization feed pushes, skipping what the head covered,
 * in a bounded queue that GraphQL drains as fast as the client's socket allows.
 *
 * One object holds what a chain of generators would (queue, deduplication, deadline, abort and
 * cleanup), with no closure of its own: an idle subscription costs little memory, and an event
 * reaches the client in few steps.
 */
export class SubscriberStream implements AsyncIterableIterator<ActivityChange> {
  private head: ActivityChange[] = [];
  private readonly queue: ActivityChange[] = [];
  private last = 0n;
  private waiting: Waiting | null = null;
  private failure: Error | null = null;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SubscriberStreamOptions) {
    const { signal, deadline } = options;
    if (signal?.aborted === true) {
      this.close();
      return;
    }

    signal?.addEventListener('abort', this, { once: true });
    if (deadline !== null) {
      this.checkDeadline();
    }
  }

  get organizationId(): string {
    return this.options.organizationId;
  }

  /** Whether the stream wants this change of its organization. */
  accepts(change: ActivityChange): boolean {
    return this.options.agentId === null || change.activity.agentId === this.options.agentId;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Live changes waiting to be read. */
  get buffered(): number {
    return this.queue.length;
  }

  /** Sets what is sent before the live changes already queued and those still to come. */
  begin(head: StreamHead): void {
    if (this.closed) {
      return;
    }
    if (head.ended === true) {
      this.finish();
      return;
    }

    this.head = head.changes;
    this.last = head.after;
  }

  /** A live change of the organization; the feed has already checked `accepts`. */
  push(change: ActivityChange): void {
    if (this.closed) {
      return;
    }
    if (this.queue.length >= this.options.capacity) {
      this.fail(
        new SubscriberOverflowError(`More than ${this.options.capacity} events waited unread`),
      );
      return;
    }

    this.queue.push(change);
    if (this.waiting !== null) {
      this.deliver();
    }
  }

  /** Ends the stream with `error`; what is queued is dropped. */
  fail(error: Error): void {
    if (this.closed) {
      return;
    }

    this.drop();
    this.close();
    if (this.waiting === null) {
      this.failure = error;
      return;
    }

    const { reject } = this.waiting;
    this.waiting = null;
    reject(error);
  }

  next(): Promise<IteratorResult<ActivityChange>> {
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;

      return Promise.reject(failure);
    }

    const change = this.take();
    if (change !== undefined) {
      return Promise.resolve({ value: change, done: false });
    }
    if (this.closed) {
      return Promise.resolve({ value: undefined, done: true });
    }

    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<ActivityChange>> {
    this.drop();
    this.close();
    this.settle({ value: undefined, done: true });

    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The abort signal's listener: closes the stream. */
  handleEvent(): void {
    void this.return();
  }

  /** Fails the stream once its deadline has passed, or waits for it again. */
  checkDeadline(): void {
    const { deadline } = this.options;
    if (deadline === null || this.closed) {
      return;
    }

    const remaining = deadline.atMs - Date.now();
    if (remaining <= 0) {
      this.fail(deadline.error());
      return;
    }

    this.timer = setTimeout(checkDeadline, Math.min(remaining, MAX_TIMER_MS), this);
    this.timer.unref();
  }

  /** The next change to send: the head's, then live ones the head did not cover. */
  private take(): ActivityChange | undefined {
    const change = this.head.shift() ?? this.nextLive();
    if (change === undefined) {
      return undefined;
    }

    this.last = BigInt(change.log.sequence);
    if (this.options.endAfterFinal && isFinalStatus(change.activity.status)) {
      this.finish();
    }

    return change;
  }

  private nextLive(): ActivityChange | undefined {
    for (let change = this.queue.shift(); change !== undefined; change = this.queue.shift()) {
      if (BigInt(change.log.sequence) > this.last) {
        return change;
      }
    }

    return undefined;
  }

  private deliver(): void {
    const change = this.take();
    if (change !== undefined) {
      this.settle({ value: change, done: false });
    } else if (this.closed) {
      this.settle({ value: undefined, done: true });
    }
  }

  private settle(result: IteratorResult<ActivityChange>): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve(result);
  }

  /** Ends the stream after what was already taken. */
  private finish(): void {
    this.drop();
    this.close();
  }

  private drop(): void {
    this.head = [];
    this.queue.length = 0;
  }

  private close(): void {
    if (this.closed) {
      return;
    }

    this.closed = true;
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this);
    this.options.owner.release(this);
  }
}
