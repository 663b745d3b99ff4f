/**
 * A finished reach search, kept: the identities and credentials it entered (in BFS order) and the parent
 * of every state. The index's scratch space is reused by the next search, so without this every rule
 * asking for a path from a start searched again; with it, one search per start serves its summary, its
 * row scans and all its evidence paths.
 */
import { describeEdge, scanReach, type RawReachPath, type ReachPhase } from "@/lib/graph/reach/scan";
import type { ReachIndex } from "@/lib/graph/reach/reach-index";

export interface SearchTree {
  /** Node ids entered in the identity phase, in BFS order (so a first hit lies on a shortest path). */
  identities: number[];
  /** Credentials passed through, unique, in BFS order. */
  credentials: number[];
  /** State (node * 2 + phase) → its position in the arrays below. */
  at: Map<number, number>;
  parentState: Int32Array;
  parentEdge: Int32Array;
  /** FLAG_ASSUMED | FLAG_CONDITIONAL seen on the path to the state. */
  pathFlags: Uint16Array;
}

export function searchFrom(index: ReachIndex, start: number, phase: ReachPhase): SearchTree {
  const scan = scanReach(index, start, phase); // no rows: the identities are enough
  const s = scan.scratch;
  const at = new Map<number, number>();
  const parentState = new Int32Array(scan.visited);
  const parentEdge = new Int32Array(scan.visited);
  const pathFlags = new Uint16Array(scan.visited);
  for (let i = 0; i < scan.visited; i++) {
    const state = s.queue[i];
    at.set(state, i);
    parentState[i] = s.parentNode[state];
    parentEdge[i] = s.parentEdge[state];
    pathFlags[i] = s.pathFlags[state];
  }
  return { identities: scan.identities, credentials: [...new Set(scan.credentials)], at, parentState, parentEdge, pathFlags };
}

/** The path from the start to a state of the tree; null when the search did not enter it. */
export function treePath(index: ReachIndex, tree: SearchTree, state: number): RawReachPath | null {
  let i = tree.at.get(state);
  if (i === undefined) return null;
  const nodes: number[] = [state >> 1];
  const edges: RawReachPath["edges"] = [];
  while (tree.parentState[i] >= 0) {
    const parent: number = tree.parentState[i];
    edges.push(describeEdge(index, parent >> 1, tree.parentEdge[i]));
    nodes.push(parent >> 1);
    i = tree.at.get(parent)!;
  }
  return { nodes: nodes.reverse(), edges: edges.reverse() };
}
