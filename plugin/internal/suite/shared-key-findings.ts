import type { DetectedPattern } from "./detect-pattern.ts";
import type { FunctionKeyWrites } from "./function-key-writes.ts";

import { detectPattern } from "./detect-pattern.ts";
import { sharingOf } from "./function-key-writes.ts";

/** A key shared by the calls of one function, with the pattern it shows, if any. */
export interface SharedKeyFinding {
  writes: FunctionKeyWrites;
  pattern: DetectedPattern | null;
}

/**
 * Every shared key of every function, split in two: keys the code itself shares (hotspots: every
 * concurrent call collides on them) and keys the callers chose (an argument or msg.sender picked
 * the same entry: a common recipient, or one pool calling a token). A contract's ETH balance that
 * the function's calls only credit (ETH sent to it, never read: not in their reads) is neither: value
 * credits commute and depend on nothing (README "Capture rules").
 */
export function sharedKeyFindings(writes: ReadonlyMap<string, ReadonlyMap<string, FunctionKeyWrites>>): {
  hot: SharedKeyFinding[];
  chosen: FunctionKeyWrites[];
} {
  const hot: SharedKeyFinding[] = [];
  const chosen: FunctionKeyWrites[] = [];
  for (const byKey of writes.values()) {
    const shared = [...byKey.values()].filter((entry) => sharingOf(entry) === "shared" && !creditedOnly(entry));
    const hotKeys = new Set(shared.filter((entry) => !entry.chosenByCaller).map((entry) => entry.key.key));
    for (const entry of shared) {
      if (entry.chosenByCaller) chosen.push(entry);
      else hot.push({ writes: entry, pattern: detectPattern(entry, hotKeys) });
    }
  }
  return { hot, chosen };
}

/** A balance key that none of the calls read: ETH sent to the contract, its balance never observed. */
function creditedOnly(entry: FunctionKeyWrites): boolean {
  const key = entry.key.key;
  return key.endsWith(":balance") && !entry.calls.some((call) => call.reads.some((read) => read.key === key));
}
