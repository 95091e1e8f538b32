import { setTimeout as sleep } from 'node:timers/promises';

import { z } from 'zod';

import { definePipeline } from '../../src/tasks/pipeline.js';
import { defineTask } from '../../src/tasks/task-definition.js';
import { PermanentTaskError } from '../../src/tasks/task-errors.js';
import { SEED_TASKS } from '../../src/tasks/seed-tasks.js';
import { TaskRegistry } from '../../src/tasks/task-registry.js';

/** Returns its input after reporting progress. */
export const echoTask = defineTask({
  name: 'echo',
  input: z.object({
    text: z.string().max(1000),
    delayMs: z.number().int().min(0).max(10_000).default(0),
  }),
  async handler({ text, delayMs }, { progress }) {
    await progress('Echoing', 50);
    await sleep(delayMs);

    return { echoed: text };
  },
});

/** Fails every attempt with the same message; three attempts, no backoff to speak of. */
export const flakyTask = defineTask({
  name: 'always_fails',
  input: z.object({ reason: z.string() }),
  attempts: 3,
  backoff: { type: 'fixed', delayMs: 10 },
  handler({ reason }) {
    throw new Error(reason);
  },
});

/** Fails every attempt; waits 200 ms, then 400 ms, between its three attempts. */
export const backoffTask = defineTask({
  name: 'backs_off',
  input: z.object({}),
  attempts: 3,
  backoff: { type: 'exponential', delayMs: 200 },
  handler() {
    throw new Error('still failing');
  },
});

/** Fails permanently on its first attempt. */
export const permanentFailureTask = defineTask({
  name: 'permanent_failure',
  input: z.object({}),
  attempts: 5,
  backoff: { type: 'fixed', delayMs: 10 },
  handler() {
    throw new PermanentTaskError('cannot ever work');
  },
});

/** Runs until aborted (or 20 s), then reports whether its signal fired. */
export const waitForAbortTask = defineTask({
  name: 'wait_for_abort',
  input: z.object({}),
  async handler(_input, { progress, signal }) {
    await progress('Waiting to be canceled', 10);
    await sleep(20_000, undefined, { signal });

    return { aborted: false };
  },
});

/** Holds the lock key of its user for `ms` milliseconds. */
export const holdLockTask = defineTask({
  name: 'hold_lock',
  input: z.object({ userId: z.string(), ms: z.number().int().min(0).max(30_000) }),
  lockKey: 'user:{userId}',
  async handler({ ms }, { signal }) {
    await sleep(ms, undefined, { signal });

    return { held: ms };
  },
});

/** Three steps; the last one takes `finalMs`, long enough to kill its worker in it. */
export const durablePipeline = definePipeline({
  name: 'durable_three',
  input: z.object({ finalMs: z.number().int().min(0).max(20_000) }),
})
  .step('first', 'first step', async (input, { log }) => {
    await log('ran');
    return input;
  })
  .step('second', 'second step', async (input, { log }) => {
    await log('ran');
    return input;
  })
  .step('third', 'third step', async ({ finalMs }, { log, signal }) => {
    await log('ran');
    await sleep(finalMs, undefined, { signal });
    return { done: true };
  })
  .build();

/** Squares each number in a job of its own, then sums the squares. */
export const fanOutPipeline = definePipeline({
  name: 'sum_of_squares',
  input: z.object({ numbers: z.array(z.number()).max(50), failOn: z.number().optional() }),
  attempts: 2,
  backoff: { type: 'fixed', delayMs: 10 },
})
  .parallel(
    'square',
    'squaring',
    (input) => input.numbers.map((value) => ({ value, failOn: input.failOn })),
    async ({ value, failOn }) => {
      await sleep(100);
      if (value === failOn) {
        throw new PermanentTaskError(`cannot square ${value}`);
      }
      return value * value;
    },
  )
  .step('sum', 'summing', (squares) => ({
    squares,
    sum: squares.reduce((total, square) => total + square, 0),
  }))
  .build();

/** Waits in its first step until canceled; its second step must then never run. */
export const cancelablePipeline = definePipeline({ name: 'cancel_me', input: z.object({}) })
  .step('wait', 'waiting', async (_input, { signal }) => {
    await sleep(20_000, undefined, { signal });
    return {};
  })
  .step('after', 'after the wait', async (_input, { log }) => {
    await log('second step ran');
    return {};
  })
  .build();

/** Spawns one echo per word and a follow-up that joins their results. */
export const spawningTask = defineTask({
  name: 'spawn_echoes',
  input: z.object({ words: z.array(z.string()).max(20) }),
  async handler({ words }, { spawn }) {
    return spawn({
      children: words.map((text) => ({ task: 'echo', input: { text, delayMs: 200 } })),
      then: { task: 'join_results', input: { separator: '+' } },
    });
  },
});

/** Joins the `echoed` texts of spawned echoes. */
export const joinResultsTask = defineTask({
  name: 'join_results',
  input: z.object({
    separator: z.string(),
    results: z.array(z.object({ echoed: z.string() }).nullable()),
  }),
  handler({ separator, results }) {
    return { joined: results.map((result) => result?.echoed ?? '?').join(separator) };
  },
});

export function createTestRegistry(): TaskRegistry {
  return new TaskRegistry([
    ...SEED_TASKS,
    echoTask,
    flakyTask,
    permanentFailureTask,
    waitForAbortTask,
    holdLockTask,
    backoffTask,
    durablePipeline,
    fanOutPipeline,
    cancelablePipeline,
    spawningTask,
    joinResultsTask,
  ]);
}
