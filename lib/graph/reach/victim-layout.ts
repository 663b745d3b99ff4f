/**
 * What the counting rule's counts ask about what dies with containers (DestructionSummaries.countsOf),
 * numbered densely once per analysis: the nodes that can die with a container ("victims"), the (action, resource)
 * pairs on them, and the D1 grants on containers, each one's victims laid out flat on first ask. Numbered
 * densely, a count's stamps are small arrays that stay in cache; indexed by node or pair id they span
 * megabytes, and every agent's count touched thousands of their cache lines at random.
 */
import { closureOf } from "@/lib/graph/reach/closure";
import { CODE, FLAG_DESTROYS_MORE, pairOf, STORED_IN_REVERSED, type ReachIndex } from "@/lib/graph/reach/reach-index";

export class VictimLayout {
  /** [node] → its victim number, -1 when nothing contains it (it never dies with a container). */
  readonly victimOf: Int32Array;
  readonly victimCount: number;
  /** Numbers of the (action, resource) pairs on victims: see pairOn. */
  readonly pairCount: number;
  /** [D1 container pair] → its container number, -1 for other pairs. */
  readonly containerOf: Int32Array;
  readonly containerCount: number;
  /** [victim] → the number of its first pair (a resource's pairs are consecutive in ActionPairs). */
  private readonly pairBase: Int32Array;
  /** [container] → the action and the resource of its D1 pair. */
  private readonly containerAction: Int32Array;
  private readonly containerRoot: Int32Array;
  /** [container] → where its victims start in `pool`, -1 until laid out. */
  private readonly at: Int32Array;
  /** Per laid-out container: its victim count, then per victim its number and its pair's (-1 if none). */
  pool = new Int32Array(1 << 12);
  private used = 0;

  constructor(private readonly index: ReachIndex) {
    const { kind, dst, flags, edgeCount, nodeCount } = index;
    const { start, ofEdge } = index.pairs;
    // One pass over the edges: what is contained (numbered below), and the D1 grants on containers.
    const victimOf = new Int32Array(nodeCount).fill(-1);
    const containerOf = new Int32Array(index.pairs.count).fill(-1);
    const action: number[] = [];
    const root: number[] = [];
    const contains = CODE.contains;
    const can = CODE.can;
    for (let e = 0; e < edgeCount; e++) {
      const k = kind[e];
      if (k === contains || k === STORED_IN_REVERSED) victimOf[dst[e]] = 0;
      else if (k === can && flags[e] & FLAG_DESTROYS_MORE && containerOf[ofEdge[e]] < 0) {
        containerOf[ofEdge[e]] = action.length;
        action.push(index.action[e]);
        root.push(dst[e]);
      }
    }
    const pairBase = new Int32Array(nodeCount);
    let victims = 0;
    let pairs = 0;
    for (let node = 0; node < nodeCount; node++) {
      if (victimOf[node] < 0) continue;
      pairBase[victims] = pairs;
      victimOf[node] = victims++;
      pairs += start[node + 1] - start[node];
    }
    this.victimOf = victimOf;
    this.containerOf = containerOf;
    this.pairBase = pairBase;
    this.victimCount = victims;
    this.pairCount = pairs;
    this.containerCount = action.length;
    this.containerAction = Int32Array.from(action);
    this.containerRoot = Int32Array.from(root);
    this.at = new Int32Array(action.length).fill(-1);
  }

  /** The number of pair `pair` on `resource`, -1 when the resource is no victim. */
  pairOn(resource: number, pair: number): number {
    const victim = this.victimOf[resource];
    return victim < 0 || pair < 0 ? -1 : this.pairBase[victim] + (pair - this.index.pairs.start[resource]);
  }

  actionOf(container: number): number {
    return this.containerAction[container];
  }

  /** Where a container's victims start in `pool` (read the pool after this call: it may grow). */
  victimsAt(container: number): number {
    if (this.at[container] >= 0) return this.at[container];
    const index = this.index;
    const aid = this.containerAction[container];
    const closure = closureOf(index, this.containerRoot[container]).nodes;
    const size = 1 + closure.length * 2;
    if (this.used + size > this.pool.length) {
      const bigger = new Int32Array(Math.max(this.pool.length * 2, this.used + size));
      bigger.set(this.pool.subarray(0, this.used));
      this.pool = bigger;
    }
    const at = this.used;
    this.pool[at] = closure.length;
    for (let j = 0; j < closure.length; j++) {
      const victim = closure[j];
      this.pool[at + 1 + j * 2] = this.victimOf[victim];
      this.pool[at + 2 + j * 2] = this.pairOn(victim, pairOf(index, victim, aid));
    }
    this.used += size;
    this.at[container] = at;
    return at;
  }
}
