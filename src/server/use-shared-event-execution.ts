import {
  createSourceEventStream,
  execute,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Options of {@link useSharedEventExecution}. */
export interface SharedEventExecutionOptions {
  /**
   * The part of an operation's context that its results depend on, such as the viewer's
   * organization and role; operations with equal keys share results. Null shares nothing.
   */
  sharingKeyOf(contextValue: unknown): string | null;
  /** Maps an error the event stream fails with to the one the client receives. */
  mapStreamError(error: unknown): unknown;
}

type Executed = ExecutionResult | Promise<ExecutionResult>;

/**
 * Executes each subscription event once for every subscription that would get the same result:
 * the same document, operation and variables, and contexts with the same sharing key. A change
 * that reaches a thousand subscribers of one activity is executed once, not a thousand times,
 * and its result is handed to each of them.
 *
 * It takes the place of graphql-js `subscribe`, which is `createSourceEventStream` followed by
 * `execute` per event with the event as root value; only the per-event step is shared. Events
 * must be objects the event streams share (the same change object goes to every subscriber of
 * an organization), because results are remembered per event object, for as long as it lives.
 */
export function useSharedEventExecution(options: SharedEventExecutionOptions): Plugin {
  const results = new WeakMap<object, Map<string, Executed>>();
  const documentIds = new WeakMap<DocumentNode, number>();
  let nextDocumentId = 1;

  const groupOf = (args: ExecutionArgs): string | null => {
    const sharingKey = options.sharingKeyOf(args.contextValue);
    if (sharingKey === null) {
      return null;
    }

    let documentId = documentIds.get(args.document);
    if (documentId === undefined) {
      documentId = nextDocumentId++;
      documentIds.set(args.document, documentId);
    }

    // One flat string per subscription, kept for its life: no pieces of it stay reachable.
    return JSON.stringify([documentId, args.operationName, args.variableValues, sharingKey]);
  };

  const executeEvent = (args: ExecutionArgs, group: string | null, event: unknown): Executed => {
    if (group === null || typeof event !== 'object' || event === null) {
      return execute({ ...args, rootValue: event });
    }

    let byGroup = results.get(event);
    if (byGroup === undefined) {
      byGroup = new Map();
      results.set(event, byGroup);
    }
    let result = byGroup.get(group);
    if (result === undefined) {
      result = execute({ ...args, rootValue: event });
      byGroup.set(group, result);
    }

    return result;
  };

  const subscribe = async (args: ExecutionArgs) => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) {
      return source;
    }

    const group = groupOf(args);

    return new EventResults(source[Symbol.asyncIterator](), {
      execute: (event) => executeEvent(args, group, event),
      mapError: options.mapStreamError,
    });
  };

  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(subscribe as Parameters<typeof setSubscribeFn>[0]);
    },
  };
}

/** One subscription's results: each event of its source stream, executed (or shared). */
class EventResults implements AsyncIterableIterator<ExecutionResult> {
  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly per: {
      execute(event: unknown): Executed;
      mapError(error: unknown): unknown;
    },
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult>> {
    let step: IteratorResult<unknown>;
    try {
      step = await this.source.next();
    } catch (error) {
      throw this.per.mapError(error);
    }
    if (step.done === true) {
      return { value: undefined, done: true };
    }

    return { value: await this.per.execute(step.value), done: false };
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

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function'
  );
}
