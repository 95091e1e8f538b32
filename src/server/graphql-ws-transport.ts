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
 * the upgrade request (headers and all) is not kept for the socket's life, one timer pings the
 * sockets a slice at a time instead of a timer per socket, and failures go to the logger, not
 * the console.
 */
export function serveGraphqlWs(
  server: ServerOptions<ConnectionInitMessage['payload'], SocketExtra>,
  sockets: WebSocketServer,
  options: GraphqlWsTransportOptions,
): GraphqlWsTransport {
  const protocol = makeServer(server);
  const connections = new WeakMap<WebSocket, Connection>();
  const keepAlive = new KeepAlive(PING_SLICES);
  sockets.options.handleProtocols = handleProtocols;

  // One listener function per event for every socket; each finds its socket's connection.
  function onSocketMessage(this: WebSocket, data: Buffer): void {
    connections.get(this)?.receive(data.toString(), options.logger);
  }
  function onSocketClose(this: WebSocket, code: number, reason: Buffer): void {
    keepAlive.remove(this);
    void connections.get(this)?.closed?.(code, reason.toString());
  }
  function onSocketError(this: WebSocket, error: Error): void {
    options.logger.warn({ err: error }, 'websocket error');
    this.close(CloseCode.InternalServerError, 'Internal server error');
  }
  function onSocketPong(this: WebSocket): void {
    keepAlive.answered(this);
  }

  sockets.on('connection', (socket) => {
    const connection = new Connection(socket);
    connections.set(socket, connection);
    keepAlive.add(socket);
    socket.on('message', onSocketMessage);
    socket.once('close', onSocketClose);
    socket.on('error', onSocketError);
    socket.on('pong', onSocketPong);
    connection.closed = protocol.opened(connection, { socket });
  });

  const pinger = setInterval(() => keepAlive.tick(), options.keepAliveMs / PING_SLICES);
  pinger.unref();

  return {
    async dispose() {
      clearInterval(pinger);
      for (const socket of sockets.clients) {
        socket.close(GOING_AWAY, 'Going away');
      }
      sockets.removeAllListeners('connection');
    },
  };
}

/** RFC 6455's close code for a server going down; graphql-ws's CloseCode has none. */
const GOING_AWAY = 1001;

/** Ticks per keep-alive period; each pings the sockets of one slice. */
const PING_SLICES = 12;

/**
 * The open sockets dealt round-robin into slices. Each tick pings one slice, so pings go out in
 * small groups spread over the period rather than in one burst that would hold up the events
 * due meanwhile; a socket that left its last ping unanswered is terminated instead.
 */
class KeepAlive {
  private readonly slices: Array<Set<WebSocket>>;
  private readonly unanswered = new Set<WebSocket>();
  private dealt = 0;
  private ticked = 0;

  constructor(count: number) {
    this.slices = Array.from({ length: count }, () => new Set<WebSocket>());
  }

  add(socket: WebSocket): void {
    this.sliceAt(this.dealt++).add(socket);
  }

  remove(socket: WebSocket): void {
    this.unanswered.delete(socket);
    for (const slice of this.slices) {
      if (slice.delete(socket)) {
        return;
      }
    }
  }

  answered(socket: WebSocket): void {
    this.unanswered.delete(socket);
  }

  tick(): void {
    for (const socket of this.sliceAt(this.ticked++)) {
      if (this.unanswered.has(socket)) {
        socket.terminate();
      } else if (socket.readyState === WebSocket.OPEN) {
        this.unanswered.add(socket);
        socket.ping();
      }
    }
  }

  private sliceAt(index: number): Set<WebSocket> {
    return this.slices[index % this.slices.length] as Set<WebSocket>;
  }
}

/** One socket as graphql-ws's server sees it: a protocol, a way to send and one to listen. */
class Connection {
  /** Tells graphql-ws the socket closed; set once the connection is opened. */
  closed: ((code: number, reason: string) => Promise<void>) | null = null;
  private onMessageReceived: ((data: string) => Promise<void>) | null = null;

  constructor(private readonly socket: WebSocket) {}

  get protocol(): string {
    return this.socket.protocol;
  }

  send(data: string): Promise<void> {
    return sendOn(this.socket, data);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  onMessage(received: (data: string) => Promise<void>): void {
    this.onMessageReceived = received;
  }

  receive(data: string, logger: Logger): void {
    this.onMessageReceived?.(data).catch((error: unknown) => {
      logger.error({ err: error }, 'websocket message failed');
      this.socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
  }
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
