import type { Metadata } from '../db/database-types.js';
import { containsUnstorable } from '../db/storable-text.js';
import { InvalidTaskInputError } from './task-errors.js';

/** Keys enqueue sets from the verified token; a client may not supply them. */
export const RESERVED_METADATA_KEYS = ['organization_id', 'user_id'] as const;

const MAX_KEYS = 32;
const MAX_BYTES = 8 * 1024;
const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/** Checks the extra metadata a client sends on enqueue and returns it unchanged. */
export function validateExtraMetadata(metadata: Metadata): Metadata {
  const keys = Object.keys(metadata);
  // Look-alikes (ORGANIZATION_ID, User_Id) are refused too: an admin reading them could take
  // them for the real tenant keys.
  const reserved = keys.filter((key) =>
    (RESERVED_METADATA_KEYS as readonly string[]).includes(key.toLowerCase()),
  );
  if (reserved.length > 0) {
    throw invalid(
      `Metadata keys ${reserved.join(', ')} are set from your token and cannot be given`,
    );
  }
  if (keys.length > MAX_KEYS) {
    throw invalid(`Metadata may have at most ${MAX_KEYS} keys`);
  }

  const badKey = keys.find((key) => !KEY_PATTERN.test(key));
  if (badKey !== undefined) {
    throw invalid(`Metadata key "${badKey}" must match ${KEY_PATTERN.source}`);
  }
  if (Buffer.byteLength(JSON.stringify(metadata)) > MAX_BYTES) {
    throw invalid(`Metadata may be at most ${MAX_BYTES} bytes as JSON`);
  }
  if (containsUnstorable(metadata)) {
    throw invalid('Metadata may not contain NUL characters or unpaired surrogates');
  }

  return metadata;
}

function invalid(message: string): InvalidTaskInputError {
  return new InvalidTaskInputError(message, [{ path: 'metadata', message }]);
}
