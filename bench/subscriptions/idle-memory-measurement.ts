import { setTimeout as delay } from 'node:timers/promises';

import { BenchChild } from './bench-child.js';
import type { MemorySample } from './process-memory.js';

/** Which server holds the idle sockets, and how the client process opens them. */
export interface IdleMemoryPlan {
  label: string;
  serverFile: URL;
  env: NodeJS.ProcessEnv;
  /** The client process's command that opens sockets: `openSockets` or `openSubscriptions`. */
  openCommand: string;
  /** Arguments of `openCommand` besides `url`, `count` and `batchSize`. */
  openArgs: object;
  /** The number of sockets (or listeners) the server reports holding. */
  held(stats: unknown): number;
  sockets: number;
  /** Sockets opened and closed again before the first sample, so one-time costs are paid. */
  warmupSockets: number;
  batchSize: number;
}

/** A server process's memory before and after the sockets were opened. */
export interface IdleMemoryResult {
  label: string;
  sockets: number;
  before: MemorySample;
  after: MemorySample;
  openMs: number;
}

const IDLE_CLIENTS = new URL('./idle-clients-process.ts', import.meta.url);
const HOLD_TIMEOUT_MS = 60_000;

/** Samples a server process's memory with no sockets and with `plan.sockets` idle ones. */
export async function measureIdleMemory(plan: IdleMemoryPlan): Promise<IdleMemoryResult> {
  const server = BenchChild.start(plan.label, plan.serverFile, {
    env: plan.env,
    nodeFlags: ['--expose-gc'],
  });
  const clients = BenchChild.start(`${plan.label} clients`, IDLE_CLIENTS);
  try {
    const { port } = await server.call<{ port: number }>('listen');
    const open = { ...plan.openArgs, url: `ws://127.0.0.1:${port}/graphql` };
    await clients.call(plan.openCommand, { ...open, count: plan.warmupSockets, ...batch(plan) });
    await clients.call('closeAll');
    await waitUntilHeld(server, clients, plan, 0);
    const { memory: before } = await server.call<{ memory: MemorySample }>('memory');

    const openStarted = performance.now();
    await clients.call(plan.openCommand, { ...open, count: plan.sockets, ...batch(plan) });
    await waitUntilHeld(server, clients, plan, plan.sockets);
    const openMs = performance.now() - openStarted;
    const { memory: after } = await server.call<{ memory: MemorySample }>('memory');

    return { label: plan.label, sockets: plan.sockets, before, after, openMs };
  } finally {
    await clients.stop();
    await server.stop();
  }
}

function batch(plan: IdleMemoryPlan): { batchSize: number } {
  return { batchSize: plan.batchSize };
}

/** Polls the server until it holds `expected`; fails with the clients' errors if it never does. */
async function waitUntilHeld(
  server: BenchChild,
  clients: BenchChild,
  plan: IdleMemoryPlan,
  expected: number,
): Promise<void> {
  const deadline = performance.now() + HOLD_TIMEOUT_MS;
  let held = plan.held(await server.call('stats'));
  while (held !== expected) {
    if (performance.now() > deadline) {
      const failures = await clients.call('failures').catch(() => 'unknown');
      throw new Error(
        `${plan.label} holds ${held}, not ${expected}; client failures: ${JSON.stringify(failures)}`,
      );
    }

    await delay(100);
    held = plan.held(await server.call('stats'));
  }
}
