import { randomUUID } from 'node:crypto';

import type { FlowProducer } from 'bullmq';

import type { ActivityRecorder, NewActivity } from '../db/activity-recorder.js';
import type { ActivityPublisher } from '../events/activity-publisher.js';
import type { SpawnRequest, SpawnedRuns } from '../tasks/task-definition.js';
import { PermanentTaskError } from '../tasks/task-errors.js';
import { jobOptions, TASK_QUEUE_NAME } from '../tasks/task-job.js';
import type { TaskRegistry } from '../tasks/task-registry.js';

/** The run that spawns, and which of its spawn calls this is. */
export interface SpawningRun {
  agentId: string;
  organizationId: string;
  userId: string;
  /** 0 for the run's first spawn call, 1 for its second, and so on. */
  call: number;
}

/** How long a spawn call's keys name the runs it made: longer than any retry of its parent. */
const SPAWN_KEY_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Starts children of a running task and a follow-up that runs once every child has finished, as
 * agentexec's Tracker does, on a BullMQ flow: the follow-up is the children's parent. Each child
 * and the follow-up is an activity of the parent's organization. The runs are recorded under
 * keys of the parent and the call, so a parent that runs again after a crash makes none twice.
 */
export class Spawner {
  constructor(
    private readonly deps: {
      registry: TaskRegistry;
      recorder: ActivityRecorder;
      publisher: ActivityPublisher;
      flows: FlowProducer;
    },
  ) {}

  async spawn(run: SpawningRun, request: SpawnRequest): Promise<SpawnedRuns> {
    const children = request.children.map((child) => this.validated(child.task, child.input));
    const followUp = this.definition(request.then.task);

    const childIds: string[] = [];
    for (const [index, child] of children.entries()) {
      childIds.push(await this.record(run, child.name, `${index}`));
    }
    const followUpId = await this.record(run, followUp.name, 'then');

    await this.deps.flows.add({
      name: followUp.name,
      queueName: TASK_QUEUE_NAME,
      data: {
        agentId: followUpId,
        organizationId: run.organizationId,
        input: request.then.input ?? {},
        gather: childIds,
      },
      opts: jobOptions(followUpId, followUp, 'NORMAL'),
      children: children.map((child, index) => ({
        name: child.name,
        queueName: TASK_QUEUE_NAME,
        data: { agentId: childIds[index], organizationId: run.organizationId, input: child.input },
        // A failed child still lets the follow-up run; its result is null.
        opts: {
          ...jobOptions(childIds[index] ?? '', child.definition, 'NORMAL'),
          ignoreDependencyOnFailure: true,
        },
      })),
    });

    return { children: childIds, followUp: followUpId };
  }

  private validated(task: string, input: unknown) {
    const definition = this.definition(task);
    const parsed = definition.input.safeParse(input);
    if (!parsed.success) {
      throw new PermanentTaskError(
        `Invalid input for spawned task "${task}": ${parsed.error.message}`,
      );
    }

    return { name: definition.name, definition, input: parsed.data as unknown };
  }

  private definition(task: string) {
    const definition = this.deps.registry.get(task);
    if (definition === undefined || definition.steps !== undefined) {
      throw new PermanentTaskError(`Cannot spawn "${task}": no such task`);
    }

    return definition;
  }

  private async record(run: SpawningRun, task: string, slot: string): Promise<string> {
    const activity: NewActivity = {
      agentId: randomUUID(),
      agentType: task,
      metadata: {
        organization_id: run.organizationId,
        user_id: run.userId,
        parent_agent_id: run.agentId,
      },
      message: 'Waiting to start',
    };
    const key = `spawn:${run.agentId}:${run.call}:${slot}`;
    const created = await this.deps.recorder.createOnce(activity, {
      key,
      ttlSeconds: SPAWN_KEY_TTL_SECONDS,
    });
    if ('existingAgentId' in created) {
      return created.existingAgentId;
    }

    await this.deps.publisher.publish(created);

    return created.activity.agentId;
  }
}
