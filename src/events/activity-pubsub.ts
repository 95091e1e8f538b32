import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub } from 'graphql-yoga';
import type { Redis } from 'ioredis';

import type { ActivityChange } from '../db/activity-record.js';
import { decodeChange, encodeChange } from './activity-change-codec.js';
import type { ActivityTopics } from './activity-channels.js';

/** Topic map of the API's pub/sub: a null payload is a message that could not be read. */
export type ActivityPubSubTopics = Record<string, [id: string, change: ActivityChange | null]>;

export type ActivityPubSub = PubSub<ActivityPubSubTopics>;

/**
 * The API's subscriber side: one Redis connection in subscriber mode; the event target
 * subscribes each channel once however many GraphQL subscriptions listen to it.
 */
export function createActivityPubSub(publishClient: Redis, subscribeClient: Redis): ActivityPubSub {
  const eventTarget = createRedisEventTarget({
    publishClient,
    subscribeClient,
    serializer: {
      stringify: (value: unknown) => encodeChange(value as ActivityChange),
      parse: (message: string) => decodeChange(message),
    },
  });

  return createPubSub<ActivityPubSubTopics>({ eventTarget });
}

export type { ActivityTopics };
