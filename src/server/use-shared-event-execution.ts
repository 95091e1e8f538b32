import type { Plugin } from 'graphql-yoga';

import type { SharedEventExecution } from './shared-event-execution.js';

/**
 * Makes Yoga run subscriptions (over SSE, and over graphql-ws where it goes through Yoga) with
 * `shared`, so each live event is executed once per group of alike subscriptions.
 */
export function useSharedEventExecution(shared: SharedEventExecution): Plugin {
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(shared.subscribe as Parameters<typeof setSubscribeFn>[0]);
    },
  };
}
