/**
 * Runs `open` for indexes 0 to `count - 1`, `batchSize` at a time, each batch after the last one
 * settled, so thousands of sockets connect without flooding the listen backlog.
 */
export async function inBatches<T>(
  count: number,
  batchSize: number,
  open: (index: number) => Promise<T>,
): Promise<T[]> {
  const opened: T[] = [];
  for (let first = 0; first < count; first += batchSize) {
    const last = Math.min(first + batchSize, count);
    const batch: Array<Promise<T>> = [];
    for (let index = first; index < last; index += 1) {
      batch.push(open(index));
    }
    opened.push(...(await Promise.all(batch)));
  }

  return opened;
}
