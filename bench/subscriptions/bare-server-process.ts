import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebSocketServer } from 'ws';

import { serveCommands } from './command-server.js';
import { sampleMemory } from './process-memory.js';

// The memory baseline: an HTTP server with a `ws` WebSocketServer on the same path and message
// limit as the API's, which accepts sockets and does nothing else with them.

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

serveCommands({
  listen: () =>
    new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => resolve({ port: (http.address() as AddressInfo).port }));
    }),
  stats: async () => ({ sockets: sockets.clients.size }),
  memory: async () => ({ memory: sampleMemory(), sockets: sockets.clients.size }),
  close: async () => {
    for (const socket of sockets.clients) {
      socket.terminate();
    }
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  },
});
