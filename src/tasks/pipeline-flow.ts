import type { FlowJob, JobsOptions } from 'bullmq';

import type { StepDefinition } from './task-definition.js';
import { TASK_QUEUE_NAME, type TaskJobData } from './task-job.js';

/**
 * The job id of step `index` of a run with `total` steps. The last step is the root of the
 * flow and carries the agent id, so the run's job is found by its agent id as a task's is.
 */
export function stepJobId(agentId: string, index: number, total: number): string {
  return index === total - 1 ? agentId : `${agentId}.step${index}`;
}

/** The job id of item `item` of parallel step `index`. */
export function itemJobId(agentId: string, index: number, item: number): string {
  return `${agentId}.step${index}.item${item}`;
}

/**
 * A pipeline run as a BullMQ flow: step N+1 is the parent of step N, so BullMQ starts a step only
 * when the one before it completed and hands the parent its output. A step whose job fails for
 * good fails the steps after it.
 */
export function pipelineFlow(
  name: string,
  steps: readonly StepDefinition[],
  data: TaskJobData,
  options: JobsOptions,
): FlowJob {
  const agentId = data.agentId ?? '';
  let flow: FlowJob | null = null;
  for (const index of steps.keys()) {
    const isRoot = index === steps.length - 1;
    const job: FlowJob = {
      name,
      queueName: TASK_QUEUE_NAME,
      data: { ...data, step: index, input: index === 0 ? data.input : null },
      opts: {
        ...options,
        jobId: stepJobId(agentId, index, steps.length),
        ...(isRoot ? {} : { failParentOnFailure: true }),
      },
      ...(flow === null ? {} : { children: [flow] }),
    };
    flow = job;
  }

  return flow as FlowJob;
}
