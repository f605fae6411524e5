/** Milliseconds to the microsecond: enough for the report, short in JSON. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
