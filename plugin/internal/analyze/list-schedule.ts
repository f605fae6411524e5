import { MinHeap } from "./min-heap.ts";

/**
 * Makespan of list scheduling a DAG on `processors` identical processors. Node j takes `weights[j]`
 * time units and becomes ready when all of `predecessors[j]` have finished; whenever a processor is
 * free, the ready node with the lowest index starts. Nodes are numbered in block order.
 */
export function listScheduleMakespan(
  weights: readonly number[],
  predecessors: readonly (readonly number[])[],
  processors: number,
): number {
  const n = weights.length;
  const waiting = predecessors.map((list) => list.length);
  const successors: number[][] = weights.map(() => []);
  predecessors.forEach((list, j) => {
    for (const i of list) successors[i].push(j);
  });
  const ready = new MinHeap<number>((a, b) => a < b);
  const running = new MinHeap<{ node: number; end: number }>(
    (a, b) => a.end < b.end || (a.end === b.end && a.node < b.node),
  );
  for (let j = 0; j < n; j++) if (waiting[j] === 0) ready.push(j);
  let now = 0;
  let makespan = 0;
  let done = 0;
  while (done < n) {
    while (running.size < processors && ready.size > 0) {
      const node = ready.pop()!;
      const end = now + weights[node];
      running.push({ node, end });
      if (end > makespan) makespan = end;
    }
    const first = running.pop();
    if (first === undefined) throw new Error("dependency graph has a cycle");
    now = first.end;
    const finished = [first];
    while (running.size > 0 && running.peek()!.end === now) finished.push(running.pop()!);
    for (const { node } of finished) {
      done++;
      for (const next of successors[node]) if (--waiting[next] === 0) ready.push(next);
    }
  }
  return makespan;
}
