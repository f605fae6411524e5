/**
 * Which worker runs each chain of serial call classes (serial-classes.ts). Classes whose
 * transactions invalidated each other form one group (union-find): one chain, to run in index
 * order on one worker. A group gets its worker when its first class becomes serial: the worker
 * with the fewest serial transactions so far, so that independent chains (swaps on two pools,
 * deposits into two vaults) run side by side. When two groups with workers meet, the merged group
 * keeps the worker of the one with more serial transactions.
 */
export class SerialOwners {
  private readonly parent: Int32Array;
  /** Per group root: its worker (-1: none yet), and its serial transactions counted in `load`. */
  private readonly owner: Int32Array;
  private readonly assigned: number[];
  /** Per class: its transactions in the block. */
  private readonly sizes: number[];
  /** Per worker: serial transactions it runs. */
  private readonly load: number[];

  constructor(sizes: number[], workers: number) {
    this.sizes = sizes;
    this.parent = Int32Array.from(sizes, (_, cls) => cls);
    this.owner = new Int32Array(sizes.length).fill(-1);
    this.assigned = new Array(sizes.length).fill(0);
    this.load = new Array(Math.max(1, workers)).fill(0);
  }

  find(cls: number): number {
    let root = cls;
    while (this.parent[root] !== root) root = this.parent[root];
    while (this.parent[cls] !== root) [cls, this.parent[cls]] = [this.parent[cls], root];
    return root;
  }

  /** `a` and `b` invalidated each other: one group. */
  join(a: number, b: number): void {
    let keep = this.find(a);
    let other = this.find(b);
    if (keep === other) return;
    if (this.assigned[other] > this.assigned[keep]) [keep, other] = [other, keep];
    this.parent[other] = keep;
    if (this.owner[keep] < 0) {
      this.owner[keep] = this.owner[other];
    } else if (this.owner[other] >= 0 && this.owner[other] !== this.owner[keep]) {
      this.load[this.owner[other]] -= this.assigned[other];
      this.load[this.owner[keep]] += this.assigned[other];
    }
    this.assigned[keep] += this.assigned[other];
  }

  /** `cls` became serial: its group's worker (assigned now if the group had none). */
  serialize(cls: number): number {
    const root = this.find(cls);
    if (this.owner[root] < 0) this.owner[root] = this.load.indexOf(Math.min(...this.load));
    this.load[this.owner[root]] += this.sizes[cls];
    this.assigned[root] += this.sizes[cls];
    return this.owner[root];
  }

  /** The worker of `cls`'s group (-1: none of its classes is serial). */
  ownerOf(cls: number): number {
    return this.owner[this.find(cls)];
  }
}
