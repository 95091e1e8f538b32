import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { ArrivalLog } from './arrival-log.js';
import { serveCommands } from './command-server.js';
import { describeFailure } from './failure-message.js';
import { inBatches } from './socket-batches.js';
import { wallClockMs } from './wall-clock.js';

// The subscribers of the fan-out measurement, on a socket each, noting when each event reaches
// each of them: graphql-ws clients all following one activity on the API, or plain `ws` sockets
// on the bare relay, which sends each change as it was published.

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
const sockets: WebSocket[] = [];
const arrivals = new ArrivalLog();

serveCommands({
  subscribe: async (args: SubscribeArgs) => {
    await inBatches(args.subscribers, args.batchSize, () => openSubscriber(args));
    arrivals.clear();

    return { subscribers: clients.length };
  },
  openSockets: async (args: { url: string; subscribers: number; batchSize: number }) => {
    await inBatches(args.subscribers, args.batchSize, () => openSocket(args.url));

    return { subscribers: sockets.length };
  },
  collect: async (args: CollectArgs) => ({
    arrivals: await arrivals.collect(args.cursor, args.expected, args.timeoutMs),
  }),
  close: async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    for (const socket of sockets) {
      socket.terminate();
    }
  },
});

/** Opens one plain socket whose messages are published changes, numbered by their log entry. */
function openSocket(url: string): Promise<void> {
  const socket = new WebSocket(url);
  sockets.push(socket);
  socket.on('message', (data: Buffer) => {
    const arrivedMs = wallClockMs();
    const change = JSON.parse(data.toString()) as { log: { sequence: string } };
    arrivals.record(change.log.sequence, arrivedMs);
  });

  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
}

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
