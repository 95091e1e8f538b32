import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

import { connectRedis } from '../src/app/redis-connection.js';
import { signToken } from '../src/auth/tokens.js';
import { loadConfig, type Config } from '../src/config/config.js';
import { createLogger } from '../src/config/logger.js';
import { ActivityRecorder } from '../src/db/activity-recorder.js';
import { encodeChange } from '../src/events/activity-change-codec.js';
import { activityTopics, channelOf } from '../src/events/activity-channels.js';
import { ActivityPublisher } from '../src/events/activity-publisher.js';
import { BenchChild } from './subscriptions/bench-child.js';
import {
  createBenchDatabase,
  deleteKeys,
  type BenchDatabase,
} from './subscriptions/bench-database.js';
import {
  printLatency,
  printLatencyHeader,
  printMemory,
  printSummary,
  socketCost,
} from './subscriptions/bench-summary.js';
import { measureFanOut, type FanOutTarget } from './subscriptions/fan-out-measurement.js';
import {
  measureIdleMemory,
  type IdleMemoryResult,
} from './subscriptions/idle-memory-measurement.js';
import { summarizeLatencies, type LatencySummary } from './subscriptions/latency-statistics.js';
import { measureRawRoundTrips } from './subscriptions/raw-round-trip.js';

// Measures the two subscription targets against baselines taken in the same run:
// 1. the p99 latency of one change reaching 1,000 subscribers of one activity, beside a raw
//    ioredis publish-to-subscribe round trip, and beside a bare `ws` server relaying the same
//    change to as many sockets (the floor of any WebSocket server on this machine);
// 2. the memory an API process spends per idle subscription socket, beside a bare `ws` server.
// Servers and clients run in processes of their own. Run with `npm run bench:subscriptions`;
// DATABASE_URL and REDIS_URL pick the servers, the database and queue prefix are its own.
// `--only fan-out` measures latency alone. BENCH_PROFILE_DIR, when set, is where CPU profiles of the fan-out's timed rounds are written.

const RAW_ROUNDS = 2000;
const RAW_WARMUP_ROUNDS = 200;
const FAN_OUT_SUBSCRIBERS = 1000;
const FAN_OUT_ROUNDS = 100;
const FAN_OUT_WARMUP_ROUNDS = 3;
const FAN_OUT_PAUSE_MS = 50;
const ROUND_TIMEOUT_MS = 10_000;
const IDLE_SOCKETS = 10_000;
const WARMUP_SOCKETS = 200;
const IDLE_ORGANIZATIONS = 20;
const SOCKET_BATCH = 200;
const FAN_OUT_ORGANIZATION = 'org-bench-fan-out';

/** The latencies of one fan-out measurement, and deliveries that never arrived. */
interface FanOutSummary {
  summary: LatencySummary;
  missing: number;
}

/** Everything the measurements share. */
interface BenchSetup {
  config: Config;
  /** Environment of the server processes. */
  env: NodeJS.ProcessEnv;
  recorder: ActivityRecorder;
  publisher: ActivityPublisher;
  agentId: string;
  /** The activity's last change, encoded as it travels over pub/sub. */
  payload: string;
}

const { values: flags } = parseArgs({ options: { only: { type: 'string' } } });
const only = flags.only ?? null;
if (only !== null && only !== 'fan-out') {
  throw new Error(`--only takes fan-out, not ${only}`);
}

const suffix = randomBytes(5).toString('hex');
const queuePrefix = `agentexec-bench-${suffix}`;
const config = loadConfig({ ...process.env, QUEUE_PREFIX: queuePrefix, LOG_LEVEL: 'silent' });
const logger = createLogger(config.logLevel, 'bench');
process.on('exit', () => BenchChild.stopAll());

const redis = await connectRedis(config.redisUrl, 'client', logger);
const database = await createBenchDatabase(config.databaseUrl, `agentexec_bench_${suffix}`, logger);
try {
  await runBenchmark(database);
} finally {
  BenchChild.stopAll();
  redis.disconnect();
  await database.drop();
  await deleteKeys(config.redisUrl, queuePrefix);
  console.log(`\nDropped database ${database.name} and keys under ${queuePrefix}`);
}

async function runBenchmark(database: BenchDatabase): Promise<void> {
  console.log(`Database ${database.name} on ${new URL(config.databaseUrl).host}`);
  console.log(`Redis ${new URL(config.redisUrl).host}, queue prefix ${queuePrefix}`);
  console.log(`Node ${process.version}, ${availableParallelism()} cores`);
  const setup = await prepare(database);

  const raw = await rawBaseline(setup);
  const bareFanOut = await bareFanOutLatency(setup);
  const fanOut = await apiFanOutLatency(setup);
  if (only === 'fan-out') {
    return;
  }
  const bare = await bareMemory(setup);
  const api = await apiMemory(setup);

  printSummary({
    raw,
    bareFanOut: bareFanOut.summary,
    fanOut: fanOut.summary,
    missing: fanOut.missing,
    bare: socketCost(bare),
    api: socketCost(api),
  });
}

/** Creates the RUNNING activity the fan-out follows; its start change sizes the raw payload. */
async function prepare(database: BenchDatabase): Promise<BenchSetup> {
  const recorder = new ActivityRecorder(database.db);
  const agentId = randomUUID();
  await recorder.create({
    agentId,
    agentType: 'process_document',
    metadata: { organization_id: FAN_OUT_ORGANIZATION, user_id: 'bench-user' },
    message: 'Queued',
  });
  const started = await recorder.start(agentId, 1, 'Started');
  if (started === null) {
    throw new Error(`Activity ${agentId} did not start`);
  }

  return {
    config,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      QUEUE_PREFIX: queuePrefix,
      LOG_LEVEL: 'silent',
    },
    recorder,
    publisher: new ActivityPublisher(redis, activityTopics(queuePrefix), logger),
    agentId,
    payload: encodeChange(started),
  };
}

async function rawBaseline(setup: BenchSetup): Promise<LatencySummary> {
  console.log(
    `\nBaseline: raw ioredis publish -> 'message', one process, ` +
      `${RAW_WARMUP_ROUNDS} warm-up + ${RAW_ROUNDS} timed, payload ${setup.payload.length} bytes`,
  );
  const latencies = await measureRawRoundTrips({
    redisUrl: setup.config.redisUrl,
    channel: `${queuePrefix}:bench-raw`,
    payload: setup.payload,
    rounds: RAW_ROUNDS,
    warmupRounds: RAW_WARMUP_ROUNDS,
  });
  const summary = summarizeLatencies(latencies);
  printLatencyHeader();
  printLatency('raw round trip', summary);

  return summary;
}

/** One change to 1,000 sockets of a bare `ws` relay: what any WebSocket server pays here. */
async function bareFanOutLatency(setup: BenchSetup): Promise<FanOutSummary> {
  console.log(
    `\nFan-out floor: a bare ws server relays each published change to ${FAN_OUT_SUBSCRIBERS} ` +
      `sockets (one client process), ${FAN_OUT_WARMUP_ROUNDS} warm-up + ${FAN_OUT_ROUNDS} timed rounds`,
  );
  const channel = channelOf(activityTopics(queuePrefix).organization, FAN_OUT_ORGANIZATION);

  return fanOutLatency(setup, {
    label: 'bare ws server',
    serverFile: new URL('./subscriptions/bare-server-process.ts', import.meta.url),
    connect: async (server, clients, url) => {
      await server.call('relay', { redisUrl: setup.config.redisUrl, channel });
      await clients.call('openSockets', {
        url,
        subscribers: FAN_OUT_SUBSCRIBERS,
        batchSize: SOCKET_BATCH,
      });
    },
  });
}

/** One change to 1,000 `activityUpdated` subscribers of the API, over graphql-ws. */
async function apiFanOutLatency(setup: BenchSetup): Promise<FanOutSummary> {
  console.log(
    `\nFan-out: ${FAN_OUT_SUBSCRIBERS} activityUpdated subscribers over graphql-transport-ws ` +
      `(one socket each, one client process), ${FAN_OUT_WARMUP_ROUNDS} warm-up + ` +
      `${FAN_OUT_ROUNDS} timed rounds`,
  );
  const token = await tokenOf(FAN_OUT_ORGANIZATION);

  return fanOutLatency(setup, {
    label: 'API server',
    serverFile: new URL('./subscriptions/api-server-process.ts', import.meta.url),
    connect: async (_server, clients, url) => {
      await clients.call('subscribe', {
        url,
        token,
        agentId: setup.agentId,
        subscribers: FAN_OUT_SUBSCRIBERS,
        batchSize: SOCKET_BATCH,
      });
    },
  });
}

async function fanOutLatency(setup: BenchSetup, target: FanOutTarget): Promise<FanOutSummary> {
  const result = await measureFanOut({
    target,
    env: setup.env,
    recorder: setup.recorder,
    publisher: setup.publisher,
    agentId: setup.agentId,
    subscribers: FAN_OUT_SUBSCRIBERS,
    rounds: FAN_OUT_ROUNDS,
    warmupRounds: FAN_OUT_WARMUP_ROUNDS,
    pauseMs: FAN_OUT_PAUSE_MS,
    roundTimeoutMs: ROUND_TIMEOUT_MS,
    profileDir: process.env.BENCH_PROFILE_DIR ?? null,
  });
  const summary = summarizeLatencies(result.latencies);
  console.log(`  ready in ${(result.subscribeMs / 1000).toFixed(1)} s`);
  printLatencyHeader();
  printLatency('publish -> subscriber (wall clock)', summary);
  printLatency('slowest delivery of each round', summarizeLatencies(result.roundMaxima));
  if (result.missing > 0) {
    console.log(`  ${result.missing} deliveries did not arrive within ${ROUND_TIMEOUT_MS} ms`);
  }

  return { summary, missing: result.missing };
}

async function bareMemory(setup: BenchSetup): Promise<IdleMemoryResult> {
  console.log(`\nMemory: idle sockets, ${WARMUP_SOCKETS} opened and closed first, after gc()`);
  const result = await measureIdleMemory({
    label: 'bare ws server',
    serverFile: new URL('./subscriptions/bare-server-process.ts', import.meta.url),
    env: setup.env,
    openCommand: 'openSockets',
    openArgs: {},
    held: (stats) => (stats as { sockets: number }).sockets,
    sockets: IDLE_SOCKETS,
    warmupSockets: WARMUP_SOCKETS,
    batchSize: SOCKET_BATCH,
  });
  printMemory(result);

  return result;
}

async function apiMemory(setup: BenchSetup): Promise<IdleMemoryResult> {
  const organizations = Array.from(
    { length: IDLE_ORGANIZATIONS },
    (_, index) => `org-idle-${index}`,
  );
  const result = await measureIdleMemory({
    label: `API server, one activityFeed each, ${IDLE_ORGANIZATIONS} organizations`,
    serverFile: new URL('./subscriptions/api-server-process.ts', import.meta.url),
    env: setup.env,
    openCommand: 'openSubscriptions',
    openArgs: { tokens: await Promise.all(organizations.map(tokenOf)) },
    held: (stats) => (stats as { listeners: number }).listeners,
    sockets: IDLE_SOCKETS,
    warmupSockets: WARMUP_SOCKETS,
    batchSize: SOCKET_BATCH,
  });
  printMemory(result);

  return result;
}

function tokenOf(organizationId: string): Promise<string> {
  return signToken(config.jwtSecret, { organizationId, userId: `${organizationId}-user` });
}
