import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { ArrivalLog } from './arrival-log.js';
import { serveCommands } from './command-server.js';
import { describeFailure } from './failure-message.js';
import { inBatches } from './socket-batches.js';
import { wallClockMs } from './wall-clock.js';

// The subscribers of the fan-out measurement: many graphql-ws clients on their own socket each,
// all following one activity, noting when each event reaches each of them.

/** A small, realistic selection: what a progress bar needs. */
const ACTIVITY_UPDATED = `
  subscription BenchActivityUpdated($agentId: ID!) {
    activityUpdated(agentId: $agentId) {
      cursor
      log { message percentage }
      activity { agentId status percentage }
    }
  }
`;

interface SubscribeArgs {
  /** `ws://host:port/graphql` */
  url: string;
  token: string;
  agentId: string;
  subscribers: number;
  batchSize: number;
}

interface CollectArgs {
  cursor: string;
  expected: number;
  timeoutMs: number;
}

interface ActivityUpdated {
  activityUpdated: { cursor: string };
}

const clients: Client[] = [];
const arrivals = new ArrivalLog();

serveCommands({
  subscribe: async (args: SubscribeArgs) => {
    await inBatches(args.subscribers, args.batchSize, () => openSubscriber(args));
    arrivals.clear();

    return { subscribers: clients.length };
  },
  collect: async (args: CollectArgs) => ({
    arrivals: await arrivals.collect(args.cursor, args.expected, args.timeoutMs),
  }),
  close: async () => {
    await Promise.all(clients.map((client) => client.dispose()));
  },
});

/** Opens one client and subscribes; resolves once its first event, the snapshot, arrived. */
function openSubscriber(args: SubscribeArgs): Promise<void> {
  const client = createClient({
    url: args.url,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${args.token}` },
  });
  clients.push(client);

  return new Promise((resolve, reject) => {
    client.subscribe<ActivityUpdated>(
      { query: ACTIVITY_UPDATED, variables: { agentId: args.agentId } },
      {
        next: (result) => {
          const arrivedMs = wallClockMs();
          const cursor = result.data?.activityUpdated.cursor;
          if (cursor === undefined) {
            reject(new Error(`Event without data: ${describeFailure(result.errors)}`));
            return;
          }

          arrivals.record(cursor, arrivedMs);
          resolve();
        },
        error: (error) => reject(new Error(describeFailure(error))),
        complete: () => reject(new Error('The subscription completed before its snapshot')),
      },
    );
  });
}
