/**
 * The heaviest chain of a DAG whose nodes are numbered in a topological order (block order):
 * `predecessors[j]` lists nodes i < j that j depends on; a chain's weight is the sum of its nodes'.
 */
export function heaviestChain(
  weights: readonly number[],
  predecessors: readonly (readonly number[])[],
): { weight: number; chain: number[] } {
  const finish = new Array<number>(weights.length);
  const via = new Array<number>(weights.length).fill(-1);
  let best = -1;
  for (let j = 0; j < weights.length; j++) {
    let start = 0;
    for (const i of predecessors[j]) {
      if (finish[i] > start || (finish[i] === start && via[j] === -1)) {
        start = finish[i];
        via[j] = i;
      }
    }
    finish[j] = start + weights[j];
    if (best === -1 || finish[j] > finish[best]) best = j;
  }
  if (best === -1) return { weight: 0, chain: [] };
  const chain: number[] = [];
  for (let node = best; node !== -1; node = via[node]) chain.push(node);
  return { weight: finish[best], chain: chain.reverse() };
}
