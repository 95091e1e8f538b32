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
}

/** How BullMQ waits between attempts. */
export interface Backoff {
  type: 'fixed' | 'exponential';
  delayMs: number;
}

/** A named unit of work the queue can run: a task, or a pipeline compiled to one. */
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
  run(input: Input, context: TaskContext): Promise<Output>;
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
