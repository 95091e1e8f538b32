/** The parts of `process.memoryUsage()` the memory comparison reads, in bytes. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
}

/**
 * This process's memory after full collections, so what is counted is what stays reachable.
 * Needs `--expose-gc`; without it the numbers would include garbage and mean little.
 */
export function sampleMemory(): MemorySample {
  if (globalThis.gc === undefined) {
    throw new Error('Start this process with --expose-gc to sample its memory');
  }

  // A second pass collects what finalizers of the first released.
  globalThis.gc();
  globalThis.gc();
  const { rss, heapUsed, external } = process.memoryUsage();

  return { rss, heapUsed, external };
}
