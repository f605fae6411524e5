import type { BlockAnalysis, TransactionAnalysis } from "../analyze/types.ts";
import type { BlockReplay } from "../replay/index.ts";
import type { PageBlock, PageEdge, PageGroupGraph, PageTransaction } from "./page-data.ts";

import { listScheduleMakespan } from "../analyze/list-schedule.ts";

/** Blocks with more transactions than this are drawn as one node per function (PageGroupGraph). */
export const MAX_DRAWN_TRANSACTIONS = 300;

/**
 * One block of the page: its transactions and dependencies as the JSON report has them, the list
 * schedules of its dependency graph on each processor count (the same schedules as its figures'),
 * and the executor's measured schedule when the block was replayed.
 */
export function blockPage(
  block: BlockAnalysis,
  processorCounts: readonly number[],
  replay?: { workers: number; block: BlockReplay },
): PageBlock {
  const transactions = block.transactions.map(pageTransaction);
  const edges: PageEdge[] = block.transactions.flatMap((tx) =>
    tx.dependsOn.map((dependency) => ({
      from: dependency.tx,
      to: tx.index,
      keys: dependency.keys.map((key) => key.name),
      sameSender: dependency.keys.every((key) => key.class === "same-sender"),
    })),
  );
  const weights = block.transactions.map((tx) => tx.gasUsed);
  const predecessors = block.transactions.map((tx) => tx.dependsOn.map((dependency) => dependency.tx));
  const predicted = processorCounts.map((processors) => {
    const spans: Array<[number, number, number, number]> = [];
    const makespanGas = listScheduleMakespan(weights, predecessors, processors, (tx, processor, start, end) =>
      spans.push([tx, processor, start, end]),
    );
    return { processors, makespanGas, spans };
  });
  const page: PageBlock = {
    number: block.number,
    figures: block.figures,
    criticalPath: block.criticalPath,
    transactions,
    edges,
    predicted,
  };
  if (transactions.length > MAX_DRAWN_TRANSACTIONS) page.groups = groupByFunction(transactions, edges);
  const timeline = replay?.block.timeline;
  if (replay !== undefined && timeline !== undefined) {
    const { parallelMs, speedup, fellBack } = replay.block;
    page.measured = { workers: replay.workers, wallMs: parallelMs, speedup, fellBack, spans: timeline };
  }
  return page;
}

function pageTransaction(tx: TransactionAnalysis): PageTransaction {
  const top = tx.functions[0]?.name;
  const dot = top === undefined ? -1 : top.indexOf(".");
  const page: PageTransaction = {
    index: tx.index,
    hash: tx.hash,
    from: tx.from,
    to: tx.to,
    gasUsed: tx.gasUsed,
    status: tx.status,
    contract: top === undefined ? (tx.to === null ? "(create)" : "(transfer)") : top.slice(0, Math.max(dot, 0)),
    function: top === undefined ? (tx.to === null ? "create" : "transfer") : top.slice(dot + 1),
    functions: tx.functions.map((fn) => fn.name),
  };
  if (tx.access !== undefined) {
    page.reads = tx.access.reads;
    page.writes = tx.access.writes;
  }
  return page;
}

/** One node per called function, one edge per pair of functions with the dependencies between them. */
function groupByFunction(transactions: PageTransaction[], edges: PageEdge[]): PageGroupGraph {
  const id = (tx: PageTransaction) => `${tx.contract}.${tx.function}`;
  const nodes = new Map<string, PageGroupGraph["nodes"][number]>();
  for (const tx of transactions) {
    const node = nodes.get(id(tx));
    if (node !== undefined) {
      node.transactions++;
      node.gasUsed += tx.gasUsed;
    } else {
      nodes.set(id(tx), {
        id: id(tx),
        contract: tx.contract,
        function: tx.function,
        transactions: 1,
        gasUsed: tx.gasUsed,
      });
    }
  }
  const grouped = new Map<string, { from: string; to: string; dependencies: number; keys: Map<string, number> }>();
  for (const edge of edges) {
    const from = id(transactions[edge.from]);
    const to = id(transactions[edge.to]);
    const pair = `${from}\n${to}`;
    let group = grouped.get(pair);
    if (group === undefined) grouped.set(pair, (group = { from, to, dependencies: 0, keys: new Map() }));
    group.dependencies++;
    for (const key of edge.keys) group.keys.set(key, (group.keys.get(key) ?? 0) + 1);
  }
  return {
    by: "function",
    nodes: [...nodes.values()],
    edges: [...grouped.values()].map(({ from, to, dependencies, keys }) => ({
      from,
      to,
      dependencies,
      keys: [...keys]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([key]) => key),
    })),
  };
}
