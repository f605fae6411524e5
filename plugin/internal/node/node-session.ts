import type { SlotResolvers } from "../analyze/key-namer.ts";
import type { BlockAnalysis } from "../analyze/types.ts";
import type { CatalogEntry } from "../capture/contract-catalog.ts";
import type { CapturedBlock, ContractMetadata } from "../capture/types.ts";
import type { BalJson } from "../bal/index.ts";
import type { ScenarioReport } from "../report/json-report-types.ts";
import type { Palette } from "../report/ansi.ts";
import type { MinedBlock } from "./mined-block.ts";
import type { Rollup } from "./node-lines.ts";

import { analyzeCapture } from "../analyze/analyze-capture.ts";
import { balSummary, balToJson, blockAccessList } from "../bal/index.ts";
import { identifyContracts } from "../capture/identify-contracts.ts";
import { averageSpeedup } from "./mined-block.ts";
import { blockLine, hottestVariable, rollupLine } from "./node-lines.ts";

const ROLLUP_EVERY = 10;
/** Mapping entries the kept slot resolvers may hold before they are dropped (and hashing starts anew). */
const RESOLVED_ENTRIES_LIMIT = 200_000;

export interface NodeSummary extends Rollup {
  sequentialBlocks: number;
  unexecutedBlocks: number;
  verifiedBlocks: number;
  /** Pool blocks whose sequential baseline was measured. */
  sampledBlocks: number;
  /** Transactions the engine ran while they arrived, before their block was produced. */
  streamedTransactions: number;
  gasUsed: number;
}
const TOP_HOTSPOTS = 3;

/** What the node keeps of one block: its capture, analysis, EIP-7928 list and the miner's record. */
interface BlockEntry {
  block: CapturedBlock;
  analysis: BlockAnalysis;
  bal: BalJson;
  mined: MinedBlock;
}

/**
 * Everything parallel-node knows of its session: every block mined through the plugin (capture,
 * analysis, block access list, mining record), the contracts identified so far, the live lines
 * (one per block, a roll-up every 10) and the summary and JSON report at the end.
 */
export class NodeSession {
  readonly chain: { chainId: number; hardfork: string };
  private readonly catalog: CatalogEntry[];
  private readonly contracts: Record<string, ContractMetadata> = {};
  private readonly entries = new Map<number, BlockEntry>();
  private readonly hotspotTally = new Map<string, number>();
  private readonly print: (line: string) => void;
  private readonly palette: Palette;
  private readonly workers: () => number;
  private readonly queue: Array<[CapturedBlock, MinedBlock]> = [];
  /** The slot resolvers of every block's analysis: mapping entries hashed once per session. */
  private readonly resolvers: SlotResolvers = new Map();

  constructor(
    chain: { chainId: number; hardfork: string },
    catalog: CatalogEntry[],
    output: { print: (line: string) => void; palette: Palette; workers: () => number },
  ) {
    this.chain = chain;
    this.catalog = catalog;
    this.print = output.print;
    this.palette = output.palette;
    this.workers = output.workers;
  }

  get blocks(): MinedBlock[] {
    this.drain();
    return [...this.entries.values()].map((entry) => entry.mined);
  }

  /**
   * A block was mined: it is analysed (and its line printed) once the event loop is free, off the
   * path of the next block; anything that reads the session analyses what is queued first.
   */
  added(block: CapturedBlock, mined: MinedBlock): void {
    this.queue.push([block, mined]);
    if (this.queue.length === 1) setImmediate(() => this.drain());
  }

  /** Analyses the queued blocks, in order. */
  private drain(): void {
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) this.analyse(...next);
  }

  private analyse(block: CapturedBlock, mined: MinedBlock): void {
    Object.assign(this.contracts, identifyContracts([block], this.catalog));
    const analyzed = analyzeCapture(this.capture([block]), { resolvers: this.resolvers });
    let held = 0;
    for (const resolver of this.resolvers.values()) held += resolver.size;
    if (held > RESOLVED_ENTRIES_LIMIT) this.resolvers.clear();
    const analysis = analyzed.blocks[0];
    const bal = blockAccessList(block);
    analysis.bal = balSummary(bal);
    this.entries.set(block.number, { block, analysis, bal: balToJson(bal), mined });
    for (const hotspot of analyzed.variables) {
      const name = `${hotspot.contract}.${hotspot.variable}`;
      this.hotspotTally.set(name, (this.hotspotTally.get(name) ?? 0) + hotspot.dependencies);
    }
    for (const line of mined.mismatches.slice(0, 20)) this.print(this.palette.red(line));
    this.print(blockLine(mined, analysis, hottestVariable(analyzed.hotspots), this.workers(), this.palette));
    if (this.entries.size % ROLLUP_EVERY === 0) this.print(rollupLine(this.rollup(), this.palette));
  }

  /** The figures of the blocks analysed so far (the queue is not drained: a roll-up is printed mid-drain). */
  rollup(): Rollup {
    const blocks = [...this.entries.values()].map((entry) => entry.mined);
    return {
      blocks: blocks.length,
      transactions: blocks.reduce((sum, block) => sum + block.transactions, 0),
      poolBlocks: blocks.filter((block) => block.ranOn === "pool").length,
      averageSpeedup: averageSpeedup(blocks),
      mismatches: blocks.reduce((sum, block) => sum + block.mismatches.length, 0),
      topHotspots: [...this.hotspotTally]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, TOP_HOTSPOTS)
        .map(([name, dependencies]) => ({ name, dependencies })),
    };
  }

  /** `parallel_getSummary`, and what the node prints when it stops. */
  summary(): NodeSummary {
    const blocks = this.blocks;
    // (this.blocks drained the queue: the roll-up below covers every block.)
    const count = (ranOn: MinedBlock["ranOn"]) => blocks.filter((block) => block.ranOn === ranOn).length;
    return {
      ...this.rollup(),
      sequentialBlocks: count("sequential"),
      unexecutedBlocks: count("none"),
      verifiedBlocks: blocks.filter((block) => block.verified).length,
      sampledBlocks: blocks.filter((block) => block.ranOn === "pool" && block.sequentialMs !== null).length,
      streamedTransactions: blocks.reduce((sum, block) => sum + block.streamed, 0),
      gasUsed: blocks.reduce((sum, block) => sum + block.gasUsed, 0),
    };
  }

  /** `parallel_getBlockReport`: the block's analysis (JSON report schema) and its mining record. */
  blockReport(number: number): (BlockAnalysis & { mining: MinedBlock }) | null {
    this.drain();
    const entry = this.entries.get(number);
    return entry === undefined ? null : { ...entry.analysis, mining: entry.mined };
  }

  /** `eth_getBlockAccessList`: the block's EIP-7928 list, or undefined when the plugin did not mine it. */
  blockAccessList(number: number): BalJson | undefined {
    this.drain();
    return this.entries.get(number)?.bal;
  }

  /** The session as one scenario of the JSON report ("parallel-node"), with its `mining` records. */
  report(): ScenarioReport & { mining: { workers: number; blocks: MinedBlock[] } } {
    this.drain();
    const entries = [...this.entries.values()];
    const analysis = analyzeCapture(this.capture(entries.map((entry) => entry.block)), { resolvers: this.resolvers });
    const byNumber = new Map(entries.map((entry) => [entry.block.number, entry]));
    for (const block of analysis.blocks) block.bal = byNumber.get(block.number)!.analysis.bal;
    return { ...analysis, mining: { workers: this.workers(), blocks: entries.map((entry) => entry.mined) } };
  }

  private capture(blocks: CapturedBlock[]) {
    return { scenario: "parallel-node", ...this.chain, blocks, contracts: { ...this.contracts } };
  }
}
