import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

import type { Config } from '../../src/config/config.js';

const WORKER_SCRIPT = new URL('./worker-process.ts', import.meta.url).pathname;
const API_SCRIPT = new URL('./api-process.ts', import.meta.url).pathname;

/** Starts `worker-process.ts` in its own Node process; resolves once it reports ready. */
export async function spawnWorker(config: Config, env: Record<string, string> = {}) {
  return spawnScript(WORKER_SCRIPT, config, env, 'ready');
}

/** Starts `api-process.ts` in its own Node process; resolves with it and its port. */
export async function spawnApi(config: Config) {
  let port = 0;
  const child = await spawnScript(API_SCRIPT, config, {}, 'port ', (output) => {
    port = Number(/port (\d+)/.exec(output)?.[1] ?? 0);
  });

  return { child, port };
}

async function spawnScript(
  script: string,
  config: Config,
  env: Record<string, string>,
  marker: string,
  onReady: (output: string) => void = () => undefined,
) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
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
  onReady(await waitForReady(child, marker));

  return child;
}

async function waitForReady(child: ChildProcess, marker: string): Promise<string> {
  let output = '';
  const ready = new Promise<string>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker) && output.includes('\n')) {
        resolve(output);
      }
      if (process.env.DEBUG_WORKERS !== undefined) {
        process.stderr.write(chunk);
      }
    });
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`worker process exited with ${String(code)} before it was ready`);
  });

  return Promise.race([ready, exited]);
}
