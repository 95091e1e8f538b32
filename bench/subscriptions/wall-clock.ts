/** Milliseconds on a clock that processes of one machine share. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
