import type { z } from 'zod';

import {
  DEFAULT_BACKOFF,
  type Backoff,
  type StepDefinition,
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
  /** Runs of each step before the pipeline ends in ERROR. Default: 1. */
  attempts?: number;
  /** Default: exponential from 1 second. */
  backoff?: Backoff;
}

/**
 * Builds a pipeline step by step; each `step` types its input as the previous step's output.
 * A pipeline is enqueued, listed and canceled like a task, and runs durably: every step is a
 * BullMQ job of its own, so a worker that dies in step 3 is replaced at step 3.
 *
 * @example
 * const report = definePipeline({ name: 'report', input: z.object({ urls: z.array(z.url()) }) })
 *   .parallel('fetch', 'fetching pages', ({ urls }) => urls, (url) => fetchText(url))
 *   .step('count', 'counting words', (pages) => pages.join(' ').split(/\s+/).length)
 *   .build();
 */
export function definePipeline<Schema extends z.ZodType>(
  options: PipelineOptions<Schema>,
): PipelineBuilder<z.output<Schema>, z.output<Schema>> {
  return new PipelineBuilder(options, []);
}

export class PipelineBuilder<Input, Current> {
  constructor(
    private readonly options: PipelineOptions<z.ZodType>,
    private readonly steps: readonly StepDefinition[],
  ) {}

  step<Next>(
    name: string,
    description: string,
    run: (input: Current, context: TaskContext) => Promise<Next> | Next,
  ): PipelineBuilder<Input, Next> {
    const step = { name, description, run } as StepDefinition;

    return new PipelineBuilder(this.options, [...this.steps, step]);
  }

  /**
   * A step that fans out: `split` turns its input into items, each item runs `run` in a job of
   * its own (in parallel across workers), and the next step gets all outputs in item order.
   */
  parallel<Item, Next>(
    name: string,
    description: string,
    split: (input: Current) => Promise<Item[]> | Item[],
    run: (item: Item, context: TaskContext) => Promise<Next> | Next,
  ): PipelineBuilder<Input, Next[]> {
    const step = { name, description, split, run } as StepDefinition;

    return new PipelineBuilder(this.options, [...this.steps, step]);
  }

  build(): TaskDefinition<Input, Current> {
    if (this.steps.length === 0) {
      throw new Error(`Pipeline "${this.options.name}" has no steps`);
    }

    return {
      name: this.options.name,
      description: this.options.description ?? this.options.name,
      input: this.options.input as z.ZodType<Input>,
      attempts: this.options.attempts ?? 1,
      backoff: this.options.backoff ?? DEFAULT_BACKOFF,
      // Lock keys are for tasks: a lease held per step job would free the key between steps.
      // Pipelines get them once a run holds its key from its first step to its last.
      lockKey: null,
      steps: this.steps,
    };
  }
}
