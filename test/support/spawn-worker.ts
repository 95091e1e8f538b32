import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

import type { Config } from '../../src/config/config.js';

const WORKER_SCRIPT = new URL('./worker-process.ts', import.meta.url).pathname;

/** Starts `worker-process.ts` in its own Node process; resolves once it reports ready. */
export async function spawnWorker(config: Config, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.DEBUG_WORKERS ?? 'silent',
      DATABASE_URL: config.databaseUrl,
      REDIS_URL: config.redisUrl,
      QUEUE_PREFIX: config.queuePrefix,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitForReady(child);

  return child;
}

async function waitForReady(child: ChildProcess): Promise<void> {
  let output = '';
  const ready = new Promise<void>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) {
        resolve();
      }
      if (process.env.DEBUG_WORKERS !== undefined) {
        process.stderr.write(chunk);
      }
    });
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`worker process exited with ${String(code)} before it was ready`);
  });

  await Promise.race([ready, exited]);
}
