/**
 * Thrown by a task handler when the failure cannot succeed on a retry (bad content, a record that
 * no longer exists). The worker ends the activity in ERROR at once instead of using up attempts.
 */
export class PermanentTaskError extends Error {
  override name = 'PermanentTaskError';
}

/** Thrown inside a handler when its activity was canceled while it ran. */
export class TaskCanceledError extends Error {
  override name = 'TaskCanceledError';
}

/** Enqueue named a task the registry does not hold. */
export class UnknownTaskError extends Error {
  override name = 'UnknownTaskError';

  constructor(readonly task: string) {
    super(`Unknown task "${task}"`);
  }
}

/** One problem with a task's input, at a path inside it. */
export interface InputIssue {
  path: string;
  message: string;
}

/** Enqueue got input (or metadata) that the task's schema or the metadata rules reject. */
export class InvalidTaskInputError extends Error {
  override name = 'InvalidTaskInputError';

  constructor(
    message: string,
    readonly issues: readonly InputIssue[] = [],
  ) {
    super(message);
  }
}

/** The job could not be handed to the queue (Redis unreachable); nothing was kept. */
export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}
