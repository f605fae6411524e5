/** Number formats of the terminal report. */

export const formatCount = (value: number): string => value.toLocaleString("en-US");

export const formatPercent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

export const formatScore = (score: number): string => score.toFixed(2);

export const formatSpeedup = (speedup: number): string => `${speedup.toFixed(2)}×`;

/** Shortens long hex runs (addresses, slots, hashes) to `0x1234…abcd`. */
export const shortenHex = (text: string): string =>
  text.replace(/0x([0-9a-fA-F]{4})[0-9a-fA-F]{12,}([0-9a-fA-F]{4})/g, "0x$1…$2");
