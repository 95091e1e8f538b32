import type { JsonValue } from '../db/database-types.js';

/** A thrown value's message, for the activity log and `Activity.error`. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A handler's output as stored JSON; undefined becomes null. */
export function toJson(output: unknown): JsonValue {
  return output === undefined ? null : (JSON.parse(JSON.stringify(output)) as JsonValue);
}

/**
 * The log line of a start. A job whose worker stopped mid-run (BullMQ counts it stalled, not as
 * an attempt) says it restarted, so a progress that starts over is explained in the log.
 */
export function startMessage(attempt: number, attempts: number, stalled: number): string {
  if (stalled > 0) {
    return 'Restarted after its worker stopped';
  }

  return attempt === 1 ? 'Started' : `Started attempt ${attempt} of ${attempts}`;
}
