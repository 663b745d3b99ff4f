/**
 * What dies with a resource: everything reached from it through `contains` and reversed `stored_in`
 * (deleting a volume deletes the backups stored in it). It does not depend on who destroys it, so it is
 * memoized on the index, and laid out flat for the row builder's hot loop.
 */
import { CODE, STORED_IN_REVERSED, type Closure, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { describeEdge, type PathEdge, type RawReachPath } from "@/lib/graph/reach/scan";

/** How many things die with `node` (memoized per index in a typed array). */
export function holdsOf(index: ReachIndex, node: number): number {
  const known = index.holds[node];
  if (known >= 0) return known;
  const holds = closureOf(index, node).nodes.length;
  if (node >= 0 && node < index.holds.length) index.holds[node] = holds;
  return holds;
}

/** Everything that dies with `resource`, breadth-first, memoized on the index (it does not depend on the agent). */
export function closureOf(index: ReachIndex, resource: number): Closure {
  const cached = index.closures.get(resource);
  if (cached) return cached;
  if (!hasContainedEdges(index, resource)) return EMPTY_CLOSURE;
  const nodes: number[] = [];
  const parentNode: number[] = [];
  const parentEdge: number[] = [];
  const parentAt: number[] = [];
  const depth: number[] = [];
  const seen = new Set<number>([resource]);
  const queue = [resource];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    const at = head - 1; // position of `node` in `nodes` (-1 for the root)
    for (let e = index.offsets[node], end = index.offsets[node + 1]; e < end; e++) {
      const k = index.kind[e];
      if (k !== CODE.contains && k !== STORED_IN_REVERSED) continue;
      const next = index.dst[e];
      if (seen.has(next) || queue.length > 100_000) continue;
      seen.add(next);
      queue.push(next);
      nodes.push(next);
      parentNode.push(node);
      parentEdge.push(e);
      parentAt.push(at);
      depth.push(at < 0 ? 1 : depth[at] + 1);
    }
  }
  const closure = {
    nodes: Int32Array.from(nodes),
    parentNode: Int32Array.from(parentNode),
    parentEdge: Int32Array.from(parentEdge),
    parentAt: Int32Array.from(parentAt),
    depth: Int32Array.from(depth),
  };
  index.closures.set(resource, closure);
  return closure;
}

const EMPTY_CLOSURE: Closure = {
  nodes: new Int32Array(0),
  parentNode: new Int32Array(0),
  parentEdge: new Int32Array(0),
  parentAt: new Int32Array(0),
  depth: new Int32Array(0),
};

function hasContainedEdges(index: ReachIndex, node: number): boolean {
  if (node < 0 || node >= index.nodeCount) return false;
  for (let e = index.offsets[node], end = index.offsets[node + 1]; e < end; e++) {
    if (index.kind[e] === CODE.contains || index.kind[e] === STORED_IN_REVERSED) return true;
  }
  return false;
}

/** The path to the closure's node at `at`: the path to the destroyed root, then the containment steps down to it. */
export function closurePath(index: ReachIndex, prefix: RawReachPath, closure: Closure, at: number): RawReachPath {
  const tailNodes: number[] = [];
  const tailEdges: PathEdge[] = [];
  for (let i = at; i >= 0; i = closure.parentAt[i]) {
    tailNodes.push(closure.nodes[i]);
    tailEdges.push(describeEdge(index, closure.parentNode[i], closure.parentEdge[i]));
  }
  return { nodes: [...prefix.nodes, ...tailNodes.reverse()], edges: [...prefix.edges, ...tailEdges.reverse()] };
}

/**
 * Per index, the closures of destroyed resources laid out flat for the row builder's contained-rows loop:
 * node c's entry starts at at[c] in `pool` (-1 until first asked): its victim count, then per victim its
 * node, depth, and the range of its pairs. A container is one typed-array lookup and each victim one
 * cache line, where a closure object from the index's map costs a chain of dependent loads.
 */
export interface FlatClosures {
  at: Int32Array;
  pool: Int32Array;
  used: number;
  /** [victim * 2] → the build that last chained a contained row to it, [victim * 2 + 1] → that chain's head. */
  victimMark: Int32Array;
  tableStamp: number;
}

export const VICTIM_FIELDS = 4;
const flatClosuresByIndex = new WeakMap<ReachIndex, FlatClosures>();

export function flatClosuresOf(index: ReachIndex): FlatClosures {
  let flat = flatClosuresByIndex.get(index);
  if (!flat) {
    flat = { at: new Int32Array(index.nodeCount).fill(-1), pool: new Int32Array(1 << 12), used: 0, victimMark: new Int32Array(index.nodeCount * 2), tableStamp: 0 };
    flatClosuresByIndex.set(index, flat);
  }
  return flat;
}

/** Where `container`'s entry starts in the pool, laid out from closureOf on first ask. */
export function flatClosureAt(index: ReachIndex, flat: FlatClosures, container: number): number {
  const known = flat.at[container];
  if (known >= 0) return known;
  const closure = closureOf(index, container);
  const size = 1 + closure.nodes.length * VICTIM_FIELDS;
  if (flat.used + size > flat.pool.length) {
    const bigger = new Int32Array(Math.max(flat.pool.length * 2, flat.used + size));
    bigger.set(flat.pool.subarray(0, flat.used));
    flat.pool = bigger;
  }
  const at = flat.used;
  const { pool } = flat;
  const { start } = index.pairs;
  pool[at] = closure.nodes.length;
  for (let j = 0; j < closure.nodes.length; j++) {
    const victim = closure.nodes[j];
    const k = at + 1 + j * VICTIM_FIELDS;
    pool[k] = victim;
    pool[k + 1] = closure.depth[j];
    pool[k + 2] = start[victim];
    pool[k + 3] = start[victim + 1];
  }
  flat.used += size;
  flat.at[container] = at;
  return at;
}
