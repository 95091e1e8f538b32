import type { ActivityChange } from '../db/activity-record.js';

const DATE_FIELDS = ['createdAt', 'updatedAt', 'startedAt', 'finishedAt'] as const;

/** Serializes a change for pub/sub. */
export function encodeChange(change: ActivityChange): string {
  return JSON.stringify(change);
}

/**
 * Reads a change from pub/sub, restoring its dates. Returns null for a message that is not a
 * change, so one malformed message cannot break a subscriber.
 */
export function decodeChange(message: string): ActivityChange | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  if (!isChangeShape(value)) {
    return null;
  }

  const activity = { ...value.activity };
  for (const field of DATE_FIELDS) {
    const text = activity[field];
    activity[field] = typeof text === 'string' ? new Date(text) : null;
  }
  const log = { ...value.log, createdAt: new Date(value.log.createdAt as unknown as string) };

  return { activity, log } as unknown as ActivityChange;
}

function isChangeShape(
  value: unknown,
): value is { activity: Record<string, unknown>; log: ActivityChange['log'] } {
  if (typeof value !== 'object' || value === null) {
    return false;
  }

  const { activity, log } = value as Record<string, unknown>;

  return (
    typeof activity === 'object' &&
    activity !== null &&
    typeof (activity as Record<string, unknown>).agentId === 'string' &&
    typeof (activity as Record<string, unknown>).organizationId === 'string' &&
    typeof log === 'object' &&
    log !== null &&
    typeof (log as Record<string, unknown>).id === 'string'
  );
}
