import { MinHeap } from "../min-heap.ts";

/** Called as each node starts: on which processor (0-based) and when it runs. */
export type OnScheduled = (node: number, processor: number, start: number, end: number) => void;

/**
 * Makespan of list scheduling a DAG on `processors` identical processors. Node j takes `weights[j]`
 * time units and becomes ready when all of `predecessors[j]` have finished; whenever a processor is
 * free, the ready node with the lowest index starts (on the free processor with the lowest index).
 * Nodes are numbered in block order. `onScheduled`, when given, sees every node's placement.
 */
export function listScheduleMakespan(
  weights: readonly number[],
  predecessors: readonly (readonly number[])[],
  processors: number,
  onScheduled?: OnScheduled,
): number {
  const n = weights.length;
  const waiting = predecessors.map((list) => list.length);
  const successors: number[][] = weights.map(() => []);
  predecessors.forEach((list, j) => {
    for (const i of list) successors[i].push(j);
  });
  const ready = new MinHeap<number>((a, b) => a < b);
  const running = new MinHeap<{ node: number; end: number; processor: number }>(
    (a, b) => a.end < b.end || (a.end === b.end && a.node < b.node),
  );
  const free = new MinHeap<number>((a, b) => a < b);
  for (let p = 0; p < Math.min(processors, n); p++) free.push(p);
  for (let j = 0; j < n; j++) if (waiting[j] === 0) ready.push(j);
  let now = 0;
  let makespan = 0;
  let done = 0;
  while (done < n) {
    while (running.size < processors && ready.size > 0) {
      const node = ready.pop()!;
      const end = now + weights[node];
      const processor = free.pop()!;
      running.push({ node, end, processor });
      onScheduled?.(node, processor, now, end);
      if (end > makespan) makespan = end;
    }
    const first = running.pop();
    if (first === undefined) throw new Error("dependency graph has a cycle");
    now = first.end;
    const finished = [first];
    while (running.size > 0 && running.peek()!.end === now) finished.push(running.pop()!);
    for (const { node, processor } of finished) {
      done++;
      free.push(processor);
      for (const next of successors[node]) if (--waiting[next] === 0) ready.push(next);
    }
  }
  return makespan;
}
