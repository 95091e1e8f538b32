import {
  createSourceEventStream,
  execute,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
} from 'graphql';

import { MASKED_MESSAGE } from './mask-error.js';

/** Options of {@link SharedEventExecution}. */
export interface SharedEventExecutionOptions {
  /**
   * The part of an operation's context that its results depend on, such as the viewer's
   * organization and role; operations with equal keys share results. Null shares nothing.
   */
  sharingKeyOf(contextValue: unknown): string | null;
  /** Maps an error the event stream fails with to the one the client receives. */
  mapStreamError(error: unknown): unknown;
  /** Masks an error that is not meant for clients (Yoga's `maskError`). */
  maskError(error: unknown, message: string): Error;
}

type Executed = ExecutionResult | Promise<ExecutionResult>;

/**
 * Subscriptions whose events are executed once for every subscription that would get the same
 * result: the same document, operation and variables, and contexts with the same sharing key.
 * A change that reaches a thousand subscribers of one activity is executed (and its errors
 * masked) once, not a thousand times, and its result handed to each of them.
 *
 * {@link subscribe} stands in for graphql-js `subscribe`, which is `createSourceEventStream`
 * followed by `execute` per event with the event as root value; only that per-event step is
 * shared. Events must be objects that the event streams share (one change object goes to every
 * subscriber in an organization), because results are remembered per event object, for as long
 * as it lives.
 */
export class SharedEventExecution {
  private readonly results = new WeakMap<object, Map<string, Executed>>();
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 1;

  constructor(private readonly options: SharedEventExecutionOptions) {}

  readonly subscribe = async (
    args: ExecutionArgs,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream({ ...args, contextValue: copyOf(args) });
    if (!isAsyncIterable(source)) {
      return this.masked(source);
    }

    return new EventResults(source[Symbol.asyncIterator](), this, args, this.groupOf(args));
  };

  /** The error a client receives when a subscription's event stream fails with `error`. */
  failure(error: unknown): Error {
    return this.options.maskError(this.options.mapStreamError(error), MASKED_MESSAGE);
  }

  private groupOf(args: ExecutionArgs): string | null {
    const sharingKey = this.options.sharingKeyOf(args.contextValue);
    if (sharingKey === null) {
      return null;
    }

    let documentId = this.documentIds.get(args.document);
    if (documentId === undefined) {
      documentId = this.nextDocumentId++;
      this.documentIds.set(args.document, documentId);
    }

    // One flat string per subscription, kept for its life: no pieces of it stay reachable.
    return JSON.stringify([documentId, args.operationName, args.variableValues, sharingKey]);
  }

  /** The result of `event` for a subscription of `group`: executed now, or earlier for another. */
  executeEvent(args: ExecutionArgs, group: string | null, event: unknown): Executed {
    if (group === null || typeof event !== 'object' || event === null) {
      return this.run(args, event);
    }

    let byGroup = this.results.get(event);
    if (byGroup === undefined) {
      byGroup = new Map();
      this.results.set(event, byGroup);
    }
    let result = byGroup.get(group);
    if (result === undefined) {
      result = this.run(args, event);
      byGroup.set(group, result);
    }

    return result;
  }

  private run(args: ExecutionArgs, event: unknown): Executed {
    const result = execute({ ...args, rootValue: event, contextValue: copyOf(args) });

    return result instanceof Promise
      ? result.then((settled) => this.masked(settled))
      : this.masked(result);
  }

  private masked(result: ExecutionResult): ExecutionResult {
    if (result.errors === undefined || result.errors.length === 0) {
      return result;
    }

    const errors = result.errors.map(
      (error) => this.options.maskError(error, MASKED_MESSAGE) as GraphQLError,
    );

    return { ...result, errors };
  }
}

/** One subscription's results: each event of its source stream, executed or shared. */
class EventResults implements AsyncIterableIterator<ExecutionResult> {
  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly shared: SharedEventExecution,
    private readonly args: ExecutionArgs,
    private readonly group: string | null,
  ) {}

  // Not async: a waiting read then holds one promise reaction, not a suspended function.
  next(): Promise<IteratorResult<ExecutionResult>> {
    return this.source.next().then(
      (step) => this.resultOf(step),
      (error: unknown) => {
        throw this.shared.failure(error);
      },
    );
  }

  private async resultOf(step: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult>> {
    if (step.done === true) {
      return { value: undefined, done: true };
    }

    return {
      value: await this.shared.executeEvent(this.args, this.group, step.value),
      done: false,
    };
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    await this.source.return?.();

    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.source.return?.();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * A context of its own for one execution (the subscription's setup, or one event), with what the
 * subscription's context holds. Scope-auth caches its checks per context object: a copy checks
 * each event afresh, and the subscription's own context never holds a cache while it waits.
 */
function copyOf(args: ExecutionArgs): unknown {
  const { contextValue } = args;

  return typeof contextValue === 'object' && contextValue !== null
    ? { ...contextValue }
    : contextValue;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function'
  );
}
