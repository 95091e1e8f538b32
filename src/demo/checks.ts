/** A check of the demo scenario that did not hold; the demo names it and exits 1. */
export class DemoCheckError extends Error {
  override name = 'DemoCheckError';
}

/** Throws a {@link DemoCheckError} naming `check` unless `holds` is true. */
export function check(holds: boolean, check: string): asserts holds {
  if (!holds) {
    throw new DemoCheckError(check);
  }
}
