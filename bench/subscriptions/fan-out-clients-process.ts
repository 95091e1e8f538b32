import { GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType } from 'graphql-ws';
import WebSocket from 'ws';

import { ArrivalLog } from './arrival-log.js';
import { serveCommands } from './command-server.js';
import { inBatches } from './socket-batches.js';
import { wallClockMs } from './wall-clock.js';

// The subscribers of the fan-out measurement, on a socket each, noting when each event reaches
// each of them: subscribers of one activity on the API, or sockets of the bare relay, which
// sends each change as it was published. Both read an event with one JSON.parse on a plain `ws`
// socket, so that in this one client process the two fan-outs differ by their server only (a
// client library's per-message work would be paid a thousand times here, once per client in
// a real deployment).

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

/** A graphql-transport-ws message from the server, as far as the plain subscriber reads it. */
interface PlainMessage {
  type: string;
  payload?: { data?: ActivityUpdated };
}

const sockets: WebSocket[] = [];
const arrivals = new ArrivalLog();

serveCommands({
  subscribe: async (args: SubscribeArgs) => {
    await inBatches(args.subscribers, args.batchSize, () => openSubscriber(args));
    arrivals.clear();

    return { subscribers: sockets.length };
  },
  openSockets: async (args: { url: string; subscribers: number; batchSize: number }) => {
    await inBatches(args.subscribers, args.batchSize, () => openSocket(args.url));
    arrivals.clear();

    return { subscribers: sockets.length };
  },
  collect: async (args: CollectArgs) => ({
    arrivals: await arrivals.collect(args.cursor, args.expected, args.timeoutMs),
  }),
  close: async () => {
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

/**
 * Speaks graphql-transport-ws on a plain socket, reading each event with one JSON.parse as the
 * bare relay's sockets do, so the two fan-outs differ by the server only. Resolves once the
 * snapshot arrived.
 */
function openSubscriber(args: SubscribeArgs): Promise<void> {
  const socket = new WebSocket(args.url, GRAPHQL_TRANSPORT_WS_PROTOCOL);
  sockets.push(socket);

  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`Socket closed with ${code}`)));
    socket.once('open', () => {
      const payload = { authorization: `Bearer ${args.token}` };
      socket.send(JSON.stringify({ type: MessageType.ConnectionInit, payload }));
    });
    socket.on('message', (data: Buffer) => {
      const arrivedMs = wallClockMs();
      const message = JSON.parse(data.toString()) as PlainMessage;
      if (message.type === MessageType.ConnectionAck) {
        const subscribe = { query: ACTIVITY_UPDATED, variables: { agentId: args.agentId } };
        socket.send(JSON.stringify({ id: '1', type: MessageType.Subscribe, payload: subscribe }));
        return;
      }

      const cursor = message.payload?.data?.activityUpdated.cursor;
      if (message.type !== MessageType.Next || cursor === undefined) {
        reject(new Error(`Unexpected message: ${data.toString().slice(0, 200)}`));
        return;
      }

      arrivals.record(cursor, arrivedMs);
      resolve();
    });
  });
}
