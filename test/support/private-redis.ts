import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { Redis } from 'ioredis';

/**
 * A redis-server of a test's own, on a free port, for tests that stop and restart Redis without
 * disturbing the shared server other test files use.
 */
export class PrivateRedis {
  private process: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.restart();

    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again) on the same port and resolves once it answers. */
  async restart(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ];
    this.process = spawn('redis-server', args, { stdio: 'ignore' });
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if (await answers(this.url)) {
        return;
      }
      await sleep(100);
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** Kills the server at once, as a crash would. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (child !== null && child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();

    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();

  return typeof address === 'object' && address !== null ? address.port : 0;
}
