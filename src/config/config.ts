import { z } from 'zod';

/** The development secret `npm run demo` and `npm run token` share when none is configured. */
const DEVELOPMENT_JWT_SECRET = 'agentexec-graphql-development-secret-not-for-production';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const origins = z
  .string()
  .transform((value) => value.split(',').map((origin) => origin.trim()))
  .transform((list) => list.filter((origin) => origin.length > 0));

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/agentexec'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  AUTH_JWT_SECRET: z.string().min(32).optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  QUEUE_PREFIX: z.string().min(1).default('agentexec'),
  CORS_ORIGINS: origins.default([]),
  GRAPHQL_INTROSPECTION: booleanFlag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  WORKER_STALLED_CHECK_MS: z.coerce.number().int().min(500).default(30_000),
  MAX_REQUEST_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  MAX_DOCUMENT_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(1024 * 1024),
  SUBSCRIPTION_BUFFER: z.coerce.number().int().min(1).default(1024),
  SUBSCRIPTION_MAX_REPLAY: z.coerce.number().int().min(1).default(10_000),
  MAX_SUBSCRIPTIONS_PER_ORGANIZATION: z.coerce.number().int().min(1).default(1000),
  MAX_OPERATIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(100),
  WS_KEEP_ALIVE_MS: z.coerce.number().int().min(100).default(12_000),
  SCHEDULE_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  MAX_SCHEDULES_PER_ORGANIZATION: z.coerce.number().int().min(1).default(100),
  IDEMPOTENCY_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 3600),
  ORGANIZATION_CONCURRENCY: z.coerce.number().int().min(1).default(10),
  LOCK_LEASE_MS: z.coerce.number().int().min(500).default(30_000),
});

/** Settings of one process, read once from the environment at start. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl: string;
  redisUrl: string;
  jwtSecret: string;
  host: string;
  port: number;
  /** Prefix of BullMQ keys and pub/sub channels, so deployments can share one Redis. */
  queuePrefix: string;
  /** Browser origins allowed besides Apollo Studio. */
  corsOrigins: string[];
  introspection: boolean;
  logLevel: string;
  workerConcurrency: number;
  /** How long a job's lock lasts unrenewed; a dead worker's job runs again after it. */
  workerLockMs: number;
  /** How often workers look for jobs whose lock lapsed. */
  workerStalledCheckMs: number;
  /** Largest HTTP body or WebSocket message accepted, in bytes. */
  maxRequestBytes: number;
  /** Largest `processDocument` content accepted, in UTF-8 bytes. */
  maxDocumentBytes: number;
  /** Events one subscriber may leave unread before its stream ends. */
  subscriptionBuffer: number;
  /** Changes a resumed subscription may replay; an older cursor is refused. */
  maxReplay: number;
  /** Open subscriptions per organization in one API process. */
  maxSubscriptionsPerOrganization: number;
  /** Operations open at once on one WebSocket. */
  maxOperationsPerConnection: number;
  /** How often each WebSocket is pinged; one that missed the last ping is closed. */
  keepAliveMs: number;
  /** Least time between two runs of a schedule a client creates. */
  scheduleMinIntervalSeconds: number;
  /** Schedules one organization may hold. */
  maxSchedulesPerOrganization: number;
  /** How long an idempotency key names the run it started. */
  idempotencyTtlSeconds: number;
  /** Jobs of one organization running at once across all workers. */
  organizationConcurrency: number;
  /** How long a fair-share slot or lock key outlives a worker that died holding it. */
  lockLeaseMs: number;
}

/** The origin of Apollo Studio's Explorer, always allowed so it can reach the API. */
export const APOLLO_STUDIO_ORIGIN = 'https://studio.apollographql.com';

/**
 * Parses the environment into a {@link Config}. Throws a readable error listing every invalid
 * variable. `AUTH_JWT_SECRET` is required when `NODE_ENV=production`; elsewhere a fixed development
 * secret is used so the demo and `npm run token` work out of the box.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new Error(`Invalid environment:\n${z.prettifyError(parsed.error)}`);
  }

  const env = parsed.data;
  if (env.NODE_ENV === 'production' && env.AUTH_JWT_SECRET === undefined) {
    throw new Error('Invalid environment: AUTH_JWT_SECRET is required when NODE_ENV=production');
  }

  return {
    nodeEnv: env.NODE_ENV,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    jwtSecret: env.AUTH_JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    host: env.HOST,
    port: env.PORT,
    queuePrefix: env.QUEUE_PREFIX,
    corsOrigins: env.CORS_ORIGINS,
    introspection: env.GRAPHQL_INTROSPECTION,
    logLevel: env.LOG_LEVEL,
    workerConcurrency: env.WORKER_CONCURRENCY,
    workerLockMs: env.WORKER_LOCK_MS,
    workerStalledCheckMs: env.WORKER_STALLED_CHECK_MS,
    maxRequestBytes: env.MAX_REQUEST_BYTES,
    maxDocumentBytes: env.MAX_DOCUMENT_BYTES,
    subscriptionBuffer: env.SUBSCRIPTION_BUFFER,
    maxReplay: env.SUBSCRIPTION_MAX_REPLAY,
    maxSubscriptionsPerOrganization: env.MAX_SUBSCRIPTIONS_PER_ORGANIZATION,
    maxOperationsPerConnection: env.MAX_OPERATIONS_PER_CONNECTION,
    keepAliveMs: env.WS_KEEP_ALIVE_MS,
    scheduleMinIntervalSeconds: env.SCHEDULE_MIN_INTERVAL_SECONDS,
    maxSchedulesPerOrganization: env.MAX_SCHEDULES_PER_ORGANIZATION,
    idempotencyTtlSeconds: env.IDEMPOTENCY_TTL_SECONDS,
    organizationConcurrency: env.ORGANIZATION_CONCURRENCY,
    lockLeaseMs: env.LOCK_LEASE_MS,
  };
}
