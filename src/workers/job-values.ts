import type { JsonValue } from '../db/database-types.js';

/** A thrown value's message, for the activity log and `Activity.error`. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A handler's output as stored JSON; undefined becomes null. */
export function toJson(output: unknown): JsonValue {
  return output === undefined ? null : (JSON.parse(JSON.stringify(output)) as JsonValue);
}
