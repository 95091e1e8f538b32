import type { z } from 'zod';

import {
  DEFAULT_BACKOFF,
  type Backoff,
  type TaskContext,
  type TaskDefinition,
} from './task-definition.js';

/** One step of a pipeline: its output is the next step's input. */
export interface PipelineStep<Input, Output> {
  name: string;
  description: string;
  run(input: Input, context: TaskContext): Promise<Output> | Output;
}

/** Options of {@link definePipeline}. */
export interface PipelineOptions<Schema extends z.ZodType> {
  name: string;
  description?: string;
  /** Validates the first step's input. */
  input: Schema;
  /** Runs of the whole pipeline before it ends in ERROR. Default: 1. */
  attempts?: number;
  /** Default: exponential from 1 second. */
  backoff?: Backoff;
  /** Runs with the same evaluated key in one organization run one at a time. Default: none. */
  lockKey?: string;
}

/**
 * Builds a pipeline step by step; each `step` types its input as the previous step's output.
 * A pipeline is a task: it is enqueued, run and listed like one.
 *
 * @example
 * const report = definePipeline({ name: 'report', input: z.object({ text: z.string() }) })
 *   .step('count', 'Counting words', ({ text }) => text.split(/\s+/).length)
 *   .step('format', 'Formatting', (words) => `${words} words`)
 *   .build();
 */
export function definePipeline<Schema extends z.ZodType>(
  options: PipelineOptions<Schema>,
): PipelineBuilder<z.output<Schema>, z.output<Schema>> {
  return new PipelineBuilder(options, []);
}

type ErasedStep = PipelineStep<unknown, unknown>;

export class PipelineBuilder<Input, Current> {
  constructor(
    private readonly options: PipelineOptions<z.ZodType>,
    private readonly steps: readonly ErasedStep[],
  ) {}

  step<Next>(
    name: string,
    description: string,
    run: (input: Current, context: TaskContext) => Promise<Next> | Next,
  ): PipelineBuilder<Input, Next> {
    const step = { name, description, run } as ErasedStep;

    return new PipelineBuilder(this.options, [...this.steps, step]);
  }

  build(): TaskDefinition<Input, Current> {
    if (this.steps.length === 0) {
      throw new Error(`Pipeline "${this.options.name}" has no steps`);
    }

    const steps = this.steps;

    return {
      name: this.options.name,
      description: this.options.description ?? this.options.name,
      input: this.options.input as z.ZodType<Input>,
      attempts: this.options.attempts ?? 1,
      backoff: this.options.backoff ?? DEFAULT_BACKOFF,
      lockKey: this.options.lockKey ?? null,
      run: async (input, context) => (await runSteps(steps, input, context)) as Current,
    };
  }
}

async function runSteps(steps: readonly ErasedStep[], input: unknown, context: TaskContext) {
  let value = input;
  for (const [index, step] of steps.entries()) {
    context.signal.throwIfAborted();
    const label = `step ${index + 1} of ${steps.length}`;
    await context.progress(`${label}: ${step.description}`, (index / steps.length) * 100);

    value = await step.run(value, stepContext(context, label, index, steps.length));
  }

  return value;
}

/** A context whose progress is reported within the step's share of the pipeline. */
function stepContext(
  parent: TaskContext,
  label: string,
  index: number,
  total: number,
): TaskContext {
  return {
    ...parent,
    progress: (message, percentage) => {
      const within = percentage === undefined ? 0 : Math.min(100, Math.max(0, percentage));

      return parent.progress(`${label}: ${message}`, ((index + within / 100) / total) * 100);
    },
    log: (message) => parent.log(`${label}: ${message}`),
  };
}
