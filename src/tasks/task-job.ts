import type { JobsOptions } from 'bullmq';

import type { TaskDefinition } from './task-definition.js';

/**
 * What a BullMQ job carries. The job's name is the task name. An enqueued job's id is its agent
 * id; a job made by a schedule has none until a worker records its activity.
 */
export interface TaskJobData {
  agentId?: string;
  /** Set on jobs made by a schedule, with the user who created the schedule. */
  scheduleId?: string;
  createdBy?: string;
  organizationId: string;
  input: unknown;
  /** The task's lock key evaluated over the input at enqueue; null when it has none. */
  lockKey?: string | null;
  /** On a pipeline's jobs: the index of the step this job runs. */
  step?: number;
  /** On the jobs of a parallel step: the index of the item this job runs. */
  item?: number;
  /** On a parallel step's job: set once its item jobs were added. */
  fannedOut?: boolean;
  /** On a follow-up of spawned children: their agent ids, whose results it gets. */
  gather?: string[];
}

/** The one queue every task and pipeline goes through. */
export const TASK_QUEUE_NAME = 'tasks';

/** Urgency of a run; BullMQ serves lower numbers first. */
export const TASK_PRIORITIES = { HIGH: 1, NORMAL: 5, LOW: 10 } as const;

export type TaskPriority = keyof typeof TASK_PRIORITIES;

/** BullMQ options for one run of `definition`. */
export function jobOptions(
  agentId: string,
  definition: TaskDefinition,
  priority: TaskPriority,
): JobsOptions {
  return {
    jobId: agentId,
    attempts: definition.attempts,
    backoff: { type: definition.backoff.type, delay: definition.backoff.delayMs },
    priority: TASK_PRIORITIES[priority],
    // Finished jobs are kept a while for inspection; the activity row is the lasting record.
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
