interface Waiter {
  expected: number;
  resolve(): void;
}

/** When each subscriber received each event, by the event's cursor. */
export class ArrivalLog {
  private readonly times = new Map<string, number[]>();
  private readonly waiters = new Map<string, Waiter>();

  record(cursor: string, arrivedMs: number): void {
    const times = this.times.get(cursor) ?? [];
    times.push(arrivedMs);
    this.times.set(cursor, times);

    const waiter = this.waiters.get(cursor);
    if (waiter !== undefined && times.length >= waiter.expected) {
      this.waiters.delete(cursor);
      waiter.resolve();
    }
  }

  /**
   * Resolves with the arrival times of `cursor` once `expected` subscribers have it, or with
   * those that arrived when `timeoutMs` passes; forgets them afterwards.
   */
  async collect(cursor: string, expected: number, timeoutMs: number): Promise<number[]> {
    if ((this.times.get(cursor)?.length ?? 0) < expected) {
      await this.arrivalOf(cursor, expected, timeoutMs);
    }

    const times = this.times.get(cursor) ?? [];
    this.times.delete(cursor);

    return times;
  }

  clear(): void {
    this.times.clear();
  }

  private arrivalOf(cursor: string, expected: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(cursor);
        resolve();
      }, timeoutMs);
      this.waiters.set(cursor, {
        expected,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}
