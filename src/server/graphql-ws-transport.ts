import {
  CloseCode,
  handleProtocols,
  makeServer,
  type ConnectionInitMessage,
  type ServerOptions,
} from 'graphql-ws';
import WebSocket, { type WebSocketServer } from 'ws';

import type { Logger } from '../config/logger.js';

/** What each graphql-ws operation's hooks get besides the connection context. */
export interface SocketExtra {
  socket: WebSocket;
}

/** Options of {@link serveGraphqlWs}. */
export interface GraphqlWsTransportOptions {
  logger: Logger;
  /** A socket that has not answered the last ping after this long is terminated. */
  keepAliveMs: number;
}

/** The graphql-ws protocol served on a `ws` server; dispose to close every socket. */
export interface GraphqlWsTransport {
  dispose(): Promise<void>;
}

/**
 * Serves graphql-ws's protocol on `sockets` through its `makeServer`, as graphql-ws intends for
 * transports of one's own. It stands in for `graphql-ws/use/ws` to keep an idle socket small:
 * the upgrade request (headers and all) is not kept for the socket's life, one timer pings every
 * socket instead of one timer per socket, and failures go to the logger, not the console.
 */
export function serveGraphqlWs(
  server: ServerOptions<ConnectionInitMessage['payload'], SocketExtra>,
  sockets: WebSocketServer,
  options: GraphqlWsTransportOptions,
): GraphqlWsTransport {
  const protocol = makeServer(server);
  const unanswered = new Set<WebSocket>();
  sockets.options.handleProtocols = handleProtocols;

  sockets.on('connection', (socket) => {
    socket.on('error', (error) => {
      options.logger.warn({ err: error }, 'websocket error');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    socket.on('pong', answered);
    const closed = protocol.opened(
      {
        protocol: socket.protocol,
        send: (data) => sendOn(socket, data),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (receive) => {
          socket.on('message', (data: Buffer) => {
            receive(data.toString()).catch((error: unknown) => {
              options.logger.error({ err: error }, 'websocket message failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          });
        },
      },
      { socket },
    );
    socket.once('close', (code, reason) => {
      unanswered.delete(socket);
      void closed(code, reason.toString());
    });
  });

  const pinger = setInterval(() => {
    for (const socket of sockets.clients) {
      if (unanswered.has(socket)) {
        socket.terminate();
      } else if (socket.readyState === WebSocket.OPEN) {
        unanswered.add(socket);
        socket.ping();
      }
    }
  }, options.keepAliveMs);
  pinger.unref();

  function answered(this: WebSocket): void {
    unanswered.delete(this);
  }

  return {
    async dispose() {
      clearInterval(pinger);
      for (const socket of sockets.clients) {
        socket.close(1001, 'Going away');
      }
      sockets.removeAllListeners('connection');
    },
  };
}

function sendOn(socket: WebSocket, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.readyState !== WebSocket.OPEN) {
      resolve();
      return;
    }

    socket.send(data, (error) =>
      error === undefined || error === null ? resolve() : reject(error),
    );
  });
}
