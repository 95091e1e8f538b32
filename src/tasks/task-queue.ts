import { randomUUID } from 'node:crypto';

import type { FlowProducer, Queue } from 'bullmq';
import type { z } from 'zod';

import type { ActivityRecorder, NewActivity } from '../db/activity-recorder.js';
import type { Activity } from '../db/activity-record.js';
import { isFinalStatus, type Metadata } from '../db/database-types.js';
import type { OrganizationActivities } from '../db/organization-activities.js';
import { containsUnstorable } from '../db/storable-text.js';
import type { ActivityPublisher } from '../events/activity-publisher.js';
import { evaluateLockKey } from './lock-key.js';
import { pipelineFlow } from './pipeline-flow.js';
import { stepOutlines, type AnyTaskDefinition } from './task-definition.js';
import { validateExtraMetadata } from './metadata-rules.js';
import {
  InvalidTaskInputError,
  QueueUnavailableError,
  UnknownTaskError,
  type InputIssue,
} from './task-errors.js';
import { jobOptions, type TaskJobData, type TaskPriority } from './task-job.js';
import type { TaskRegistry } from './task-registry.js';

/** Who enqueues: taken from the verified token, never from input. */
export interface Enqueuer {
  organizationId: string;
  userId: string;
}

export interface EnqueueRequest {
  task: string;
  input: unknown;
  /** Extra metadata keys; `organization_id` and `user_id` are reserved. */
  metadata?: Metadata;
  /** Default: NORMAL. */
  priority?: TaskPriority;
  /**
   * While a run started with this key lives (see `idempotencyTtlSeconds`), enqueueing with the
   * same key in the same organization returns that run instead of starting another.
   */
  idempotencyKey?: string;
}

export interface TaskQueueDependencies {
  queue: Queue<TaskJobData>;
  /** Adds pipeline runs, one job per step. */
  flows: FlowProducer;
  registry: TaskRegistry;
  recorder: ActivityRecorder;
  publisher: ActivityPublisher;
  /** How long an idempotency key names its run. Default: 24 hours. */
  idempotencyTtlSeconds?: number;
  /** Largest input accepted, in bytes of JSON. Default: 1 MiB and 4 KiB. */
  maxInputBytes?: number;
}

const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** Starts runs: validates, records the QUEUED activity, then hands the job to BullMQ. */
export class TaskQueue {
  constructor(private readonly deps: TaskQueueDependencies) {}

  /**
   * Enqueues a task or pipeline for `enqueuer`'s organization. Throws {@link UnknownTaskError} or
   * {@link InvalidTaskInputError} before writing anything, and {@link QueueUnavailableError}
   * after ending the activity in ERROR when the job could not be added.
   */
  async enqueue(enqueuer: Enqueuer, request: EnqueueRequest): Promise<Activity> {
    const definition = this.deps.registry.get(request.task);
    if (definition === undefined) {
      throw new UnknownTaskError(request.task);
    }

    checkInputShape(request.input, this.deps.maxInputBytes);
    const parsed = definition.input.safeParse(request.input);
    if (!parsed.success) {
      throw new InvalidTaskInputError(
        `Invalid input for task "${request.task}"`,
        toIssues(parsed.error),
      );
    }

    const lockKey =
      definition.lockKey === null ? null : evaluateLockKey(definition.lockKey, parsed.data);
    const metadata = {
      ...validateExtraMetadata(request.metadata ?? {}),
      organization_id: enqueuer.organizationId,
      user_id: enqueuer.userId,
    };
    const agentId = randomUUID();
    const created = await this.record(
      {
        agentId,
        agentType: definition.name,
        metadata,
        message: 'Waiting to start',
        steps: stepOutlines(definition),
      },
      request.idempotencyKey,
    );
    if ('existingAgentId' in created) {
      return this.existing(created.existingAgentId, definition.name);
    }
    const change = created;

    await this.addJob(definition, {
      data: { agentId, organizationId: enqueuer.organizationId, input: parsed.data, lockKey },
      options: jobOptions(agentId, definition, request.priority ?? 'NORMAL'),
    });
    await this.deps.publisher.publish(change);

    return change.activity;
  }

  /**
   * Cancels one of `scope`'s activities: a queued job is removed, a running one is told to abort
   * through the workers' cancel channel. Returns null when `scope` has no such activity, and a
   * finished activity unchanged.
   */
  async cancel(scope: OrganizationActivities, agentId: string): Promise<Activity | null> {
    const activity = await scope.find(agentId);
    if (activity === null || isFinalStatus(activity.status)) {
      return activity;
    }

    const change = await this.deps.recorder.cancel(agentId, 'Canceled');
    if (change === null) {
      return scope.find(agentId);
    }

    // CANCELED is committed: whatever Redis answers now, the cancel holds. A job that still runs
    // without its abort finds the activity final and records nothing.
    await this.removeWaitingJob(agentId).catch(() => undefined);
    await this.deps.publisher.requestCancel(agentId).catch(() => undefined);
    await this.deps.publisher.publish(change);

    return change.activity;
  }

  private record(activity: NewActivity, idempotencyKey: string | undefined) {
    if (idempotencyKey === undefined) {
      return this.deps.recorder.create(activity);
    }
    const length = idempotencyKey.trim().length;
    if (length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      const message = `idempotencyKey must have 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`;
      throw new InvalidTaskInputError(message, [{ path: 'idempotencyKey', message }]);
    }
    if (containsUnstorable(idempotencyKey)) {
      const message = 'idempotencyKey may not contain NUL characters or unpaired surrogates';
      throw new InvalidTaskInputError(message, [{ path: 'idempotencyKey', message }]);
    }

    // Clients' keys live in a namespace of their own: the engine keys scheduled runs and spawned
    // children in the same table, and a client must not be able to claim one of those.
    const key = `client:${idempotencyKey}`;
    const ttlSeconds = this.deps.idempotencyTtlSeconds ?? 24 * 3600;

    return this.deps.recorder.createOnce(activity, { key, ttlSeconds });
  }

  /** The run an idempotency key names, which must be of the task now asked for. */
  private async existing(agentId: string, task: string): Promise<Activity> {
    const activity = await this.deps.recorder.find(agentId);
    if (activity === null) {
      throw new Error(`Activity ${agentId} of an idempotency key is missing`);
    }
    if (activity.agentType !== task) {
      const message = `This idempotencyKey started a run of "${activity.agentType}", not "${task}"`;
      throw new InvalidTaskInputError(message, [{ path: 'idempotencyKey', message }]);
    }

    return activity;
  }

  private async removeWaitingJob(agentId: string): Promise<void> {
    const job = await this.deps.queue.getJob(agentId);
    if (job === undefined || (await job.isActive())) {
      return;
    }

    // A worker may take the job between the check and the removal; it then finds the activity
    // CANCELED and skips it, so a failed removal changes nothing.
    await job.remove().catch(() => undefined);
  }

  private async addJob(
    definition: AnyTaskDefinition,
    job: { data: TaskJobData; options: ReturnType<typeof jobOptions> },
  ): Promise<void> {
    try {
      if (definition.steps === undefined) {
        await this.deps.queue.add(definition.name, job.data, job.options);
      } else {
        const flow = pipelineFlow(definition.name, definition.steps, job.data, job.options);
        await this.deps.flows.add(flow);
      }
    } catch (error) {
      // Nothing may stay QUEUED without a job. The activity ends in ERROR rather than being
      // deleted: its change is numbered already, and a deleted number would leave a hole that
      // live feeds wait on.
      const agentId = job.options.jobId ?? '';
      const reason = 'The task queue was unavailable; the run was not started';
      await this.deps.publisher.publish(
        await this.deps.recorder.fail(agentId, reason, `Failed: ${reason}`),
      );
      await this.deps.recorder.releaseIdempotencyKey(agentId);
      throw new QueueUnavailableError('The task queue is unavailable; nothing was enqueued', {
        cause: error,
      });
    }
  }
}

/** Inputs bigger than this as JSON are refused unless a deployment sets its own bound. */
export const DEFAULT_MAX_INPUT_BYTES = 1024 * 1024 + 4096;

/**
 * Inputs are stored in Redis and PostgreSQL: refuses one larger than `maxBytes` as JSON, or
 * holding what PostgreSQL cannot store, with {@link InvalidTaskInputError}.
 */
export function checkInputShape(input: unknown, maxBytes = DEFAULT_MAX_INPUT_BYTES): void {
  const bytes = Buffer.byteLength(JSON.stringify(input ?? null));
  if (bytes > maxBytes) {
    const message = `The input is ${bytes} bytes as JSON; at most ${maxBytes} are accepted`;
    throw new InvalidTaskInputError(message, [{ path: 'context', message }]);
  }
  if (containsUnstorable(input)) {
    const message = 'The input may not contain NUL characters or unpaired surrogates';
    throw new InvalidTaskInputError(message, [{ path: 'context', message }]);
  }
}

function toIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
