import type { z } from 'zod';

/** What a running task can do besides computing its result. */
export interface TaskContext {
  /** The activity's id, also the BullMQ job id. */
  agentId: string;
  organizationId: string;
  /** 1 on the first run, 2 on the first retry, and so on. */
  attempt: number;
  /** Aborted when the activity is canceled while it runs. */
  signal: AbortSignal;
  /** Records a progress message, optionally with a percentage from 0 to 100. */
  progress(message: string, percentage?: number): Promise<void>;
  /** Records a message without changing the percentage. */
  log(message: string): Promise<void>;
  /**
   * Starts `children` as runs of their own and `then` once every child has finished, whatever
   * its status: `then` gets its `input` with `results`, each child's result in order (null for
   * a child that did not complete). All are activities of this organization.
   */
  spawn(request: SpawnRequest): Promise<SpawnedRuns>;
}

/** What {@link TaskContext.spawn} starts. */
export interface SpawnRequest {
  children: ReadonlyArray<{ task: string; input: unknown }>;
  then: { task: string; input?: Record<string, unknown> };
}

/** The agent ids of what {@link TaskContext.spawn} started. */
export interface SpawnedRuns {
  children: string[];
  followUp: string;
}

/** How BullMQ waits between attempts. */
export interface Backoff {
  type: 'fixed' | 'exponential';
  delayMs: number;
}

/** One step of a pipeline, as the worker runs it: each step is a BullMQ job of its own. */
export interface StepDefinition {
  name: string;
  description: string;
  /**
   * For a parallel step: the items its input splits into. Each item runs `run` as a job of its
   * own, and the step's output is the list of their outputs, in item order.
   */
  split?: (input: unknown) => Promise<unknown[]> | unknown[];
  run(input: unknown, context: TaskContext): Promise<unknown> | unknown;
}

/**
 * A named unit of work the queue can run: a task, whose `run` is one job, or a pipeline, whose
 * `steps` run as a BullMQ flow of one job per step.
 */
export interface TaskDefinition<Input = unknown, Output = unknown> {
  readonly name: string;
  readonly description: string;
  /** Validates the input on enqueue and again in the worker. */
  readonly input: z.ZodType<Input>;
  /** Runs in total before the activity ends in ERROR. */
  readonly attempts: number;
  readonly backoff: Backoff;
  /**
   * A template over the input, such as `user:{userId}`: runs of one organization whose keys
   * match never run at the same time. Null: no such constraint.
   */
  readonly lockKey: string | null;
  /** A task's work; absent on pipelines. */
  readonly run?: (input: Input, context: TaskContext) => Promise<Output>;
  /** A pipeline's steps; absent on tasks. */
  readonly steps?: readonly StepDefinition[];
}

/** A pipeline's steps as its activity lists them; undefined for a task (or no definition). */
export function stepOutlines(
  definition: Pick<TaskDefinition, 'steps'> | undefined,
): Array<{ name: string; description: string }> | undefined {
  return definition?.steps?.map(({ name, description }) => ({ name, description }));
}

/** An erased definition, as the registry and worker hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- input types differ per task
export type AnyTaskDefinition = TaskDefinition<any, unknown>;

/** Options of {@link defineTask}. */
export interface TaskOptions<Schema extends z.ZodType, Output> {
  name: string;
  description?: string;
  input: Schema;
  /** Default: 1 (no retry). */
  attempts?: number;
  /** Default: exponential from 1 second. */
  backoff?: Backoff;
  /** Runs with the same evaluated key in one organization run one at a time. Default: none. */
  lockKey?: string;
  handler(input: z.output<Schema>, context: TaskContext): Promise<Output> | Output;
}

export const DEFAULT_BACKOFF: Backoff = { type: 'exponential', delayMs: 1000 };

/**
 * Defines a task.
 *
 * @example
 * const resize = defineTask({
 *   name: 'resize_image',
 *   input: z.object({ url: z.url(), width: z.number().int().positive() }),
 *   attempts: 3,
 *   async handler({ url, width }, { progress }) {
 *     await progress('Downloading', 10);
 *     return { url, width };
 *   },
 * });
 */
export function defineTask<Schema extends z.ZodType, Output>(
  options: TaskOptions<Schema, Output>,
): TaskDefinition<z.output<Schema>, Output> {
  return {
    name: options.name,
    description: options.description ?? options.name,
    input: options.input as z.ZodType<z.output<Schema>>,
    attempts: options.attempts ?? 1,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    lockKey: options.lockKey ?? null,
    run: async (input, context) => options.handler(input, context),
  };
}
