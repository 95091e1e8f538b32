import type { ActivityChange } from '../db/activity-record.js';

/** A subscriber fell further behind than its buffer allows; its stream ends with this. */
export class SubscriberOverflowError extends Error {
  override name = 'SubscriberOverflowError';
}

/**
 * One subscription's view of an organization feed: a bounded queue read as an async iterator.
 * The feed pushes; GraphQL pulls as fast as the client's socket drains. When the queue is full,
 * the stream ends with {@link SubscriberOverflowError} instead of growing without bound.
 */
export class ChangeListener implements AsyncIterableIterator<ActivityChange> {
  private readonly queue: ActivityChange[] = [];
  private waiting: ((result: IteratorResult<ActivityChange>) => void) | null = null;
  private failWaiting: ((error: Error) => void) | null = null;
  private failure: Error | null = null;
  private closed = false;

  constructor(
    /** Which of the organization's changes this subscription wants. */
    readonly accepts: (change: ActivityChange) => boolean,
    private readonly capacity: number,
    private readonly onClose: (listener: ChangeListener) => void,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Changes waiting to be read. */
  get buffered(): number {
    return this.queue.length;
  }

  push(change: ActivityChange): void {
    if (this.closed) {
      return;
    }
    if (this.waiting !== null) {
      this.settle({ value: change, done: false });
      return;
    }
    if (this.queue.length >= this.capacity) {
      this.fail(new SubscriberOverflowError(`More than ${this.capacity} events waited unread`));
      return;
    }

    this.queue.push(change);
  }

  /** Ends the stream with `error`; buffered changes are dropped. */
  fail(error: Error): void {
    if (this.closed) {
      return;
    }

    this.queue.length = 0;
    this.close();
    if (this.failWaiting !== null) {
      const reject = this.failWaiting;
      this.waiting = null;
      this.failWaiting = null;
      reject(error);
      return;
    }

    this.failure = error;
  }

  next(): Promise<IteratorResult<ActivityChange>> {
    const value = this.queue.shift();
    if (value !== undefined) {
      return Promise.resolve({ value, done: false });
    }
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;

      return Promise.reject(failure);
    }
    if (this.closed) {
      return Promise.resolve({ value: undefined, done: true });
    }

    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<ActivityChange>> {
    this.queue.length = 0;
    this.close();
    this.settle({ value: undefined, done: true });

    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private settle(result: IteratorResult<ActivityChange>): void {
    const resolve = this.waiting;
    this.waiting = null;
    this.failWaiting = null;
    resolve?.(result);
  }

  private close(): void {
    if (!this.closed) {
      this.closed = true;
      this.onClose(this);
    }
  }
}
