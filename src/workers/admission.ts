import type { Redis } from 'ioredis';

/** What a job must hold to run: a slot of its organization, and its lock key if it has one. */
export interface AdmissionRequest {
  jobId: string;
  organizationId: string;
  lockKey: string | null;
}

/** A granted admission; renewed while the job runs, released when it ends. */
export interface AdmissionTicket {
  release(): Promise<void>;
}

/** Options of {@link Admission}. */
export interface AdmissionOptions {
  /** Jobs of one organization running at once across all workers. */
  organizationConcurrency: number;
  /** How long a grant outlives a worker that stopped renewing it (died). */
  leaseMs: number;
}

// Grants atomically: expired holders leave first, then the organization's slot count and the
// lock key are checked together, so a job never holds one without the other.
// KEYS: running set of the organization, lock key (or ''). ARGV: job id, now, lease, limit.
const ADMIT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local expires = tonumber(ARGV[2]) + tonumber(ARGV[3])
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
    return 0
  end
end
if KEYS[2] ~= '' then
  local holder = redis.call('GET', KEYS[2])
  if holder and holder ~= ARGV[1] then
    return -1
  end
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
end
redis.call('ZADD', KEYS[1], expires, ARGV[1])
return 1
`;

// KEYS: running set, lock key (or ''). ARGV: job id, now, lease. Renews only what it holds.
const RENEW = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], tonumber(ARGV[2]) + tonumber(ARGV[3]), ARGV[1])
end
if KEYS[2] ~= '' and redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
return 1
`;

// KEYS: running set, lock key (or ''). ARGV: job id.
const RELEASE = `
redis.call('ZREM', KEYS[1], ARGV[1])
if KEYS[2] ~= '' and redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
return 1
`;

/**
 * Fair share and lock keys across every worker process, kept in Redis: an organization runs at
 * most `organizationConcurrency` jobs at once, and jobs with the same lock key in one
 * organization run one at a time. Grants are leases renewed while the job runs, so a grant of
 * a worker that died lapses after `leaseMs`.
 *
 * BullMQ's open-source edition has no per-group concurrency (its Pro edition has groups); until
 * it does, a job that is not admitted goes back to the delayed set and is offered again later.
 */
export class Admission {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: AdmissionOptions,
  ) {}

  /** Returns a ticket, or null when the job must wait. */
  async admit(request: AdmissionRequest): Promise<AdmissionTicket | null> {
    const keys = this.keys(request);
    const granted = await this.redis.eval(
      ADMIT,
      2,
      ...keys,
      request.jobId,
      Date.now(),
      this.options.leaseMs,
      this.options.organizationConcurrency,
    );
    if (granted !== 1) {
      return null;
    }

    return this.ticket(request, keys);
  }

  private ticket(request: AdmissionRequest, keys: [string, string]): AdmissionTicket {
    const renew = () =>
      this.redis
        .eval(RENEW, 2, ...keys, request.jobId, Date.now(), this.options.leaseMs)
        .catch(() => undefined);
    const timer = setInterval(() => void renew(), Math.max(100, this.options.leaseMs / 3));
    timer.unref();

    return {
      release: async () => {
        clearInterval(timer);
        await this.redis.eval(RELEASE, 2, ...keys, request.jobId);
      },
    };
  }

  private keys(request: AdmissionRequest): [string, string] {
    const base = `${this.prefix}:admission:${request.organizationId}`;
    const lock = request.lockKey === null ? '' : `${base}:lock:${request.lockKey}`;

    return [`${base}:running`, lock];
  }
}
