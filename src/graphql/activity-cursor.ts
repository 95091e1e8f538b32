import type { ActivityPosition } from '../db/organization-activities.js';
import { badUserInput } from './errors.js';

const MAX_BIGINT = 2n ** 63n - 1n;

/** Opaque list cursor: base64url of `rank:id`. */
export function encodeCursor(position: ActivityPosition): string {
  return Buffer.from(`${position.rank}:${position.id}`).toString('base64url');
}

/** Reads a cursor made by {@link encodeCursor}; throws BAD_USER_INPUT for anything else. */
export function decodeCursor(cursor: string): ActivityPosition {
  const match = /^([0-2]):([1-9][0-9]{0,18})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw badUserInput('Malformed cursor', { argument: 'after' });
  }
  if (BigInt(match[2]) > MAX_BIGINT) {
    throw badUserInput('Malformed cursor', { argument: 'after' });
  }

  return { rank: Number(match[1]), id: match[2] };
}

/**
 * Reads a subscription's `after`: the decimal number of an organization's change, as events
 * carry it in `cursor`. Null when absent; BAD_USER_INPUT when it is not such a number.
 */
export function decodeEventCursor(cursor: string | null | undefined): bigint | null {
  if (cursor === null || cursor === undefined) {
    return null;
  }
  if (!/^(0|[1-9][0-9]{0,18})$/.test(cursor) || BigInt(cursor) > MAX_BIGINT) {
    throw badUserInput('Malformed cursor', { argument: 'after' });
  }

  return BigInt(cursor);
}
