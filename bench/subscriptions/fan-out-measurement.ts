import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import type { ActivityRecorder } from '../../src/db/activity-recorder.js';
import type { ActivityPublisher } from '../../src/events/activity-publisher.js';
import { BenchChild } from './bench-child.js';
import { wallClockMs } from './wall-clock.js';

/** The server a fan-out is measured on, and how its subscribers get ready. */
export interface FanOutTarget {
  /** Names its processes in errors and profile files. */
  label: string;
  serverFile: URL;
  /**
   * Sets the server and the clients process up to deliver to `subscribers` sockets; resolves once
   * every subscriber is ready for the first round.
   */
  connect(server: BenchChild, clients: BenchChild, url: string): Promise<void>;
}

/** Options of {@link measureFanOut}. */
export interface FanOutOptions {
  target: FanOutTarget;
  /** Environment of the server process: the bench's database, queue prefix and log level. */
  env: NodeJS.ProcessEnv;
  recorder: ActivityRecorder;
  publisher: ActivityPublisher;
  /** A RUNNING activity that every subscriber follows. */
  agentId: string;
  /** Subscribers the target's `connect` readies; each round waits for this many arrivals. */
  subscribers: number;
  rounds: number;
  /** Rounds delivered first and not timed. */
  warmupRounds: number;
  pauseMs: number;
  /** How long one round may take to reach every subscriber. */
  roundTimeoutMs: number;
  /** A folder to write CPU profiles of the server and clients during the timed rounds to. */
  profileDir: string | null;
}

/** Publish-to-arrival times of every subscriber in every timed round. */
export interface FanOutResult {
  latencies: number[];
  /** The slowest delivery of each timed round, in round order. */
  roundMaxima: number[];
  /** Deliveries that had not arrived when their round timed out. */
  missing: number;
  subscribeMs: number;
}

const FAN_OUT_CLIENTS = new URL('./fan-out-clients-process.ts', import.meta.url);

/**
 * Readies the target's subscribers (in a process of their own), then records a progress change
 * of the activity per round and times its way from just before the publish to each subscriber.
 */
export async function measureFanOut(options: FanOutOptions): Promise<FanOutResult> {
  const { label } = options.target;
  const server = BenchChild.start(label, options.target.serverFile, { env: options.env });
  const clients = BenchChild.start(`${label} clients`, FAN_OUT_CLIENTS);
  try {
    const { port } = await server.call<{ port: number }>('listen');
    const subscribeStarted = performance.now();
    await options.target.connect(server, clients, `ws://127.0.0.1:${port}/graphql`);
    const subscribeMs = performance.now() - subscribeStarted;

    for (let round = 0; round < options.warmupRounds; round += 1) {
      await deliverRound(options, clients, round);
    }

    const profiled = options.profileDir === null ? [] : [server, clients];
    await Promise.all(profiled.map((child) => child.call('profileStart')));
    const timed = await timedRounds(options, clients);
    for (const child of profiled) {
      const file = join(
        options.profileDir ?? '',
        `fan-out-${child.name.replace(/ /g, '-')}.cpuprofile`,
      );
      await child.call('profileStop', { file });
      console.log(`  wrote ${file}`);
    }

    return { ...timed, subscribeMs };
  } finally {
    await clients.stop();
    await server.stop();
  }
}

async function timedRounds(
  options: FanOutOptions,
  clients: BenchChild,
): Promise<Omit<FanOutResult, 'subscribeMs'>> {
  const latencies: number[] = [];
  const roundMaxima: number[] = [];
  let missing = 0;
  for (let round = 0; round < options.rounds; round += 1) {
    const delivered = await deliverRound(options, clients, options.warmupRounds + round);
    latencies.push(...delivered.latencies);
    roundMaxima.push(Math.max(...delivered.latencies));
    missing += delivered.missing;
  }

  return { latencies, roundMaxima, missing };
}

/** Records and publishes one change, then collects when each subscriber received it. */
async function deliverRound(
  options: FanOutOptions,
  clients: BenchChild,
  round: number,
): Promise<{ latencies: number[]; missing: number }> {
  const percentage = Math.min(99, round + 1);
  const change = await options.recorder.progress(
    options.agentId,
    `bench step ${round}`,
    percentage,
  );
  if (change === null) {
    throw new Error(`Activity ${options.agentId} is no longer RUNNING`);
  }

  const publishedMs = wallClockMs();
  await options.publisher.publish(change);
  const { arrivals } = await clients.call<{ arrivals: number[] }>('collect', {
    cursor: change.log.sequence,
    expected: options.subscribers,
    timeoutMs: options.roundTimeoutMs,
  });
  await delay(options.pauseMs);

  return {
    latencies: arrivals.map((arrivedMs) => arrivedMs - publishedMs),
    missing: options.subscribers - arrivals.length,
  };
}
