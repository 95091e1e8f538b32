import type { Queue } from 'bullmq';

import type { Logger } from '../config/logger.js';
import type { ActivityRecorder } from '../db/activity-recorder.js';
import type { ActivityPublisher } from '../events/activity-publisher.js';
import type { TaskJobData } from '../tasks/task-job.js';

export interface ReconcilerDependencies {
  queue: Queue<TaskJobData>;
  recorder: ActivityRecorder;
  publisher: ActivityPublisher;
  logger: Logger;
}

/**
 * Ends activities that can no longer finish: still QUEUED or RUNNING, but their job is gone or
 * failed for good (removed by hand, lost with a flushed Redis, or stalled past BullMQ's limit
 * while no worker was listening). Activities younger than `graceMs` are left alone, since enqueue
 * writes the activity a moment before it adds the job.
 */
export class Reconciler {
  constructor(private readonly deps: ReconcilerDependencies) {}

  /** Returns the agent ids it ended. */
  async run(graceMs: number): Promise<string[]> {
    const candidates = await this.deps.recorder.findUnfinished(new Date(Date.now() - graceMs));
    const ended: string[] = [];
    for (const { agentId, jobId } of candidates) {
      const reason = await this.orphanReason(jobId);
      if (reason === null) {
        continue;
      }

      const change = await this.deps.recorder.fail(agentId, reason, `Failed: ${reason}`);
      await this.deps.publisher.publish(change);
      if (change !== null) {
        ended.push(agentId);
        this.deps.logger.warn({ agentId, reason }, 'reconciled orphaned activity');
      }
    }

    return ended;
  }

  private async orphanReason(jobId: string): Promise<string | null> {
    const job = await this.deps.queue.getJob(jobId);
    if (job === undefined) {
      return 'The job of this activity no longer exists';
    }

    const state = await job.getState();
    if (state === 'failed') {
      return job.failedReason || 'The job failed';
    }
    if (state === 'completed') {
      return 'The job finished without recording a result';
    }

    return null;
  }
}
