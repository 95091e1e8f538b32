import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';

import { serveCommands } from './command-server.js';
import { sampleMemory } from './process-memory.js';

// The baselines of a WebSocket server that does no GraphQL: an HTTP server with a `ws`
// WebSocketServer on the same path and message limit as the API's. For memory it accepts sockets
// and does nothing else with them; for fan-out it relays each message of one Redis channel,
// as it arrived, to every socket, which is the least any server must do to deliver an event.

const MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;

const http = createServer((_request, response) => {
  response.writeHead(426, { 'content-type': 'text/plain' });
  response.end('WebSocket only');
});
const sockets = new WebSocketServer({
  server: http,
  path: '/graphql',
  maxPayload: MAX_PAYLOAD_BYTES,
});
sockets.on('connection', (socket) => socket.on('error', () => undefined));
let relay: Redis | null = null;

serveCommands({
  listen: () =>
    new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => resolve({ port: (http.address() as AddressInfo).port }));
    }),
  relay: async (args: { redisUrl: string; channel: string }) => {
    relay = new Redis(args.redisUrl);
    relay.on('message', (_channel: string, message: string) => {
      for (const socket of sockets.clients) {
        socket.send(message);
      }
    });
    await relay.subscribe(args.channel);
  },
  stats: async () => ({ sockets: sockets.clients.size }),
  memory: async () => ({ memory: sampleMemory(), sockets: sockets.clients.size }),
  close: async () => {
    relay?.disconnect();
    for (const socket of sockets.clients) {
      socket.terminate();
    }
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  },
});
