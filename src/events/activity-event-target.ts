import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { Redis } from 'ioredis';

import type { ActivityChange } from '../db/activity-record.js';
import { decodeChange, encodeChange } from './activity-change-codec.js';

/** What a channel listener receives: a change, or null for a message that could not be read. */
export type ChangeEvent = CustomEvent<ActivityChange | null>;

/** The slice of graphql-yoga's Redis event target the streams use. */
export interface ChangeEventTarget {
  addEventListener(channel: string, listener: (event: ChangeEvent) => void): void;
  removeEventListener(channel: string, listener: (event: ChangeEvent) => void): void;
}

/**
 * graphql-yoga's Redis event target: it subscribes each channel once on `subscribeClient`,
 * however many listeners a channel has, and unsubscribes when the last one leaves. A message
 * that is not a change reaches listeners as null instead of throwing inside ioredis.
 */
export function createChangeEventTarget(publishClient: Redis, subscribeClient: Redis) {
  const target = createRedisEventTarget({
    publishClient,
    subscribeClient,
    serializer: {
      stringify: (value: unknown) => encodeChange(value as ActivityChange),
      parse: (message: string) => decodeChange(message),
    },
  });

  return target as unknown as ChangeEventTarget;
}
