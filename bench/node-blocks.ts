/**
 * bench:node's per-block-size view of a parallel-node session (its `--out` JSON report): for each
 * range of block sizes, how many blocks ran on the pool and sequentially, and the execution time
 * against the sequential baseline over the blocks that measured both (1.00× for a block that ran
 * sequentially: it is its own baseline).
 */
import { readFileSync } from "node:fs";

interface MinedRecord {
  transactions: number;
  ranOn: "pool" | "sequential" | "none";
  executionMs: number | null;
  sequentialMs: number | null;
}

const RANGES: Array<[number, number]> = [
  [1, 9],
  [10, 49],
  [50, 199],
  [200, 999],
  [1000, 2000],
  [2001, Number.MAX_SAFE_INTEGER],
];

export function blockSizeTable(reportFile: string): string[] {
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  const blocks: MinedRecord[] = report.scenarios[0].mining.blocks;
  const lines = [
    "| block size | blocks | on the pool | sequential | pool blocks with a baseline | execution vs sequential |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const [low, high] of RANGES) {
    const inRange = blocks.filter((block) => block.transactions >= low && block.transactions <= high);
    if (inRange.length === 0) continue;
    const measured = inRange.filter((block) => block.executionMs !== null && block.sequentialMs !== null);
    const sequential = measured.reduce((sum, block) => sum + block.sequentialMs!, 0);
    const executed = measured.reduce((sum, block) => sum + block.executionMs!, 0);
    const pool = inRange.filter((block) => block.ranOn === "pool");
    const label = high === Number.MAX_SAFE_INTEGER ? `${low}+` : `${low}–${high}`;
    const ratio = executed > 0 ? `${(sequential / executed).toFixed(2)}×` : "-";
    const sampled = pool.filter((block) => block.sequentialMs !== null).length;
    const sequentialCount = inRange.filter((block) => block.ranOn === "sequential").length;
    lines.push(`| ${label} | ${inRange.length} | ${pool.length} | ${sequentialCount} | ${sampled} | ${ratio} |`);
  }
  return lines;
}
