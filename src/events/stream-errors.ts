/** A resume cursor that is not one this API made, or names a change that does not exist yet. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

/** A resume cursor further behind than a replay may reach; the client must reload instead. */
export class CursorExpiredError extends Error {
  override name = 'CursorExpiredError';

  constructor(readonly maxReplay: number) {
    super(`More than ${maxReplay} changes happened after this cursor; reload and subscribe again`);
  }
}

/** The organization already holds as many open subscriptions as this process allows. */
export class SubscriptionLimitError extends Error {
  override name = 'SubscriptionLimitError';

  constructor(readonly limit: number) {
    super(`At most ${limit} subscriptions may be open per organization`);
  }
}

/** A subscriber fell further behind than its buffer allows; its stream ends with this. */
export class SubscriberOverflowError extends Error {
  override name = 'SubscriberOverflowError';
}
