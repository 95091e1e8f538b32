// With the u flag a paired surrogate reads as one code point, so this finds unpaired ones only.
const UNPAIRED_SURROGATE = /\p{Surrogate}/u;

/**
 * True when a string anywhere in `value`, key or value, holds U+0000 or an unpaired surrogate
 * (JSON can carry both as escapes; PostgreSQL refuses them).
 */
export function containsUnstorable(value: unknown): boolean {
  if (typeof value === 'string') {
    return unstorable(value);
  }
  if (typeof value !== 'object' || value === null) {
    return false;
  }

  return Object.entries(value).some(([key, item]) => unstorable(key) || containsUnstorable(item));
}

function unstorable(text: string): boolean {
  return text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);
}
