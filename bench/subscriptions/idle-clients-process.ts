import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { serveCommands } from './command-server.js';
import { describeFailure } from './failure-message.js';
import { inBatches } from './socket-batches.js';

// The sockets of the memory measurement: plain `ws` sockets that only stay open, or graphql-ws
// clients that each hold one `activityFeed` subscription on which nothing happens.

const ACTIVITY_FEED = `
  subscription BenchActivityFeed {
    activityFeed {
      cursor
      log { message percentage }
      activity { agentId status percentage }
    }
  }
`;

interface OpenArgs {
  /** `ws://host:port/graphql` */
  url: string;
  count: number;
  batchSize: number;
}

interface SubscribeArgs extends OpenArgs {
  /** Socket `i` uses token `i % tokens.length`. */
  tokens: string[];
}

const sockets: WebSocket[] = [];
const clients: Client[] = [];
const failures: string[] = [];

serveCommands({
  openSockets: async (args: OpenArgs) => {
    await inBatches(args.count, args.batchSize, () => openSocket(args.url));

    return { open: sockets.length };
  },
  openSubscriptions: async (args: SubscribeArgs) => {
    await inBatches(args.count, args.batchSize, (index) => {
      const token = args.tokens[index % args.tokens.length] ?? '';

      return openSubscription(args.url, token);
    });

    return { open: clients.length, failures: failures.length };
  },
  failures: async () => ({ failures: failures.slice(0, 5), count: failures.length }),
  closeAll: async () => closeAll(),
  close: async () => closeAll(),
});

function openSocket(url: string): Promise<void> {
  const socket = new WebSocket(url);
  sockets.push(socket);

  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.on('error', (error) => reject(error));
  });
}

/** Resolves once the connection is acknowledged and the subscription has been sent. */
function openSubscription(url: string, token: string): Promise<void> {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  clients.push(client);

  return new Promise((resolve, reject) => {
    client.on('closed', (event) => reject(new Error(describeFailure(event))));
    client.on('connected', () => {
      client.subscribe(
        { query: ACTIVITY_FEED },
        {
          next: () => undefined,
          error: (error) => noteFailure(client, describeFailure(error)),
          complete: () => noteFailure(client, 'activityFeed completed'),
        },
      );
      resolve();
    });
  });
}

/** Notes why a subscription ended, unless it ended because the bench closed its client. */
function noteFailure(client: Client, failure: string): void {
  if (clients.includes(client)) {
    failures.push(failure);
  }
}

async function closeAll(): Promise<{ closed: number }> {
  const closed = sockets.length + clients.length;
  for (const socket of sockets.splice(0)) {
    socket.terminate();
  }
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  failures.length = 0;

  return { closed };
}
