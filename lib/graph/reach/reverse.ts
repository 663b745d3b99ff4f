/**
 * Reverse reach: who can destroy this resource or recovery copy, and by which shortest paths.
 *
 * The forward scan (scan.ts) walks from one start to everything it reaches; asking it "who reaches this
 * resource?" would mean one scan per agent, credential and identity of the estate. This walks the same
 * edges backwards instead, once, from the target: breadth-first over incoming edges, so every node is
 * met by a shortest path, and a node is a destroyer exactly when the forward scan from it would give a
 * D1 or D2 row on the target (checked against the reference SQL on random graphs in reverse.test.ts).
 *
 *   target layer:   target ←contains─ container, target ─stored_in→ container (what takes it with it:
 *                   only a D1 action on a container destroys what it holds, as in the forward rows)
 *   identity layer: container/target ←can─ identity ←member_of / can_assume─ identity
 *   access layer:   identity ←authenticates_as─ credential ←contains / can_read / configured_with─ … agent
 *
 * The same backwards walk over the access layer alone answers "which agents can read this credential?"
 * (findReaders).
 *
 * Each search owns its scratch (allocated once per index, reused: searches run synchronously), and the
 * incoming edges are a CSR built once per index on first ask.
 */
import { CODE, FLAG_CLASS_MASK, STORED_IN_REVERSED, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { MAX_REACH_DEPTH, PHASE_ACCESS, PHASE_IDENTITY, describeEdge, type PathEdge, type RawReachPath, type ReachPhase } from "@/lib/graph/reach/scan";
import { nodeKindCode } from "@/lib/graph/kind-codes";
import { ACTION_CLASSES, type ActionClass } from "@/lib/graph/types";

/** Layers of a reverse state (node * 3 + layer). */
const TARGET = 0;
const IDENTITY = 1;
const ACCESS = 2;
const LAYERS = 3;

const D1_CODE = 1;
const D2_CODE = 2;
/** A `can` edge without a class reads as R, as in the forward rows. */
const classCodeOf = (flags: number) => flags & FLAG_CLASS_MASK || ACTION_CLASSES.length;

/** Incoming edges per node: for node v, forward CSR edges inEdge[inOffsets[v] … inOffsets[v + 1]) whose source is inSrc[…]. */
interface IncomingEdges {
  offsets: Int32Array;
  src: Int32Array;
  edge: Int32Array;
}

interface ReverseScratch {
  epoch: number;
  seen: Uint32Array;
  dist: Int32Array;
  /** [state] → the state one step nearer the target, and the forward edge between them. */
  next: Int32Array;
  nextEdge: Int32Array;
  /** [state] → the distance at which the path entered the identity layer (the forward scan's depth bound counts from there). */
  grantDist: Int32Array;
  queue: Int32Array;
}

interface ReverseIndex {
  incoming: IncomingEdges;
  scratch: ReverseScratch;
}

const reverseByIndex = new WeakMap<ReachIndex, ReverseIndex>();

function reverseOf(index: ReachIndex): ReverseIndex {
  let reverse = reverseByIndex.get(index);
  if (!reverse) {
    const states = index.nodeCount * LAYERS;
    reverse = {
      incoming: buildIncomingEdges(index),
      scratch: {
        epoch: 0,
        seen: new Uint32Array(states),
        dist: new Int32Array(states),
        next: new Int32Array(states),
        nextEdge: new Int32Array(states),
        grantDist: new Int32Array(states),
        queue: new Int32Array(states),
      },
    };
    reverseByIndex.set(index, reverse);
  }
  return reverse;
}

/** Incoming edges by a counting sort of the forward CSR: linear, each node's in forward order of sources. */
function buildIncomingEdges(index: ReachIndex): IncomingEdges {
  const { nodeCount, offsets, dst, edgeCount } = index;
  const counts = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) counts[dst[e] + 1]++;
  for (let v = 0; v < nodeCount; v++) counts[v + 1] += counts[v];
  const fill = counts.slice(0, nodeCount);
  const src = new Int32Array(edgeCount);
  const edge = new Int32Array(edgeCount);
  for (let u = 0; u < nodeCount; u++) {
    for (let e = offsets[u], end = offsets[u + 1]; e < end; e++) {
      const at = fill[dst[e]]++;
      src[at] = u;
      edge[at] = e;
    }
  }
  return { offsets: counts, src, edge };
}

/** Which `can` edges lead into the target layer: on the target itself `classes`, on a container only D1. */
interface GrantRule {
  /** Bit per class code (1 = D1 … 7 = R) accepted on the target itself. */
  onTarget: number;
  /** Whether D1 on a container counts (what dies with it). */
  containers: boolean;
}

/** A new search's stamp: states stamped by earlier searches read as unseen without clearing the arrays. */
function nextEpoch(s: ReverseScratch): number {
  s.epoch = (s.epoch + 1) >>> 0;
  if (s.epoch === 0) {
    s.seen.fill(0);
    s.epoch = 1;
  }
  return s.epoch;
}

/**
 * One breadth-first search backwards from `target`; leaves dist/next in the scratch until the next
 * search. Returns the states entered, in order (nearest first).
 */
function searchBackwards(index: ReachIndex, target: number, rule: GrantRule): { reverse: ReverseIndex; visited: number; epoch: number } {
  const reverse = reverseOf(index);
  const { incoming, scratch: s } = reverse;
  const epoch = nextEpoch(s);
  if (target < 0 || target >= index.nodeCount) return { reverse, visited: 0, epoch };
  const { kind, flags } = index;
  const inOffsets = incoming.offsets;
  const inSrc = incoming.src;
  const inEdge = incoming.edge;
  let head = 0;
  let tail = 0;
  const first = target * LAYERS + TARGET;
  s.seen[first] = epoch;
  s.dist[first] = 0;
  s.next[first] = -1;
  s.nextEdge[first] = -1;
  s.grantDist[first] = 0;
  s.queue[tail++] = first;
  const enter = (state: number, from: number, e: number, grantDist: number) => {
    if (s.seen[state] === epoch) return;
    s.seen[state] = epoch;
    s.dist[state] = s.dist[from] + 1;
    s.next[state] = from;
    s.nextEdge[state] = e;
    s.grantDist[state] = grantDist;
    s.queue[tail++] = state;
  };
  while (head < tail) {
    const current = s.queue[head++];
    const node = (current / LAYERS) | 0;
    const layer = current - node * LAYERS;
    const dist = s.dist[current];
    // The forward scan follows at most MAX_REACH_DEPTH hops from its start to the identity holding the grant.
    if (layer !== TARGET && dist - s.grantDist[current] >= MAX_REACH_DEPTH) continue;
    for (let i = inOffsets[node], end = inOffsets[node + 1]; i < end; i++) {
      const e = inEdge[i];
      const k = kind[e];
      const from = inSrc[i];
      if (layer === TARGET) {
        if (k === CODE.can) {
          const code = classCodeOf(flags[e]);
          const accepted = node === target ? (rule.onTarget >> code) & 1 : rule.containers && code === D1_CODE;
          if (accepted) enter(from * LAYERS + IDENTITY, current, e, dist + 1);
        } else if (rule.containers && (k === CODE.contains || k === STORED_IN_REVERSED) && from !== node) {
          enter(from * LAYERS + TARGET, current, e, 0);
        }
      } else if (layer === IDENTITY) {
        if (k === CODE.memberOf || k === CODE.canAssume) enter(from * LAYERS + IDENTITY, current, e, s.grantDist[current]);
        else if (k === CODE.authenticatesAs) enter(from * LAYERS + ACCESS, current, e, s.grantDist[current]);
      } else if (k === CODE.canRead || k === CODE.contains || k === CODE.configuredWith) {
        enter(from * LAYERS + ACCESS, current, e, s.grantDist[current]);
      }
    }
  }
  return { reverse, visited: tail, epoch };
}

/** The forward path from a state of the latest search to the target, by following `next`. */
function pathFromState(index: ReachIndex, scratch: ReverseScratch, state: number): RawReachPath {
  const nodes: number[] = [];
  const edges: PathEdge[] = [];
  for (let st = state; st >= 0; st = scratch.next[st]) {
    const node = (st / LAYERS) | 0;
    nodes.push(node);
    // The forward edge runs from this state's node (the search entered it through its incoming edge).
    if (scratch.next[st] >= 0) edges.push(describeEdge(index, node, scratch.nextEdge[st]));
  }
  return { nodes, edges };
}

export type DestroyerKind = "agent" | "credential" | "identity";

/** One node that can destroy the target, by its shortest path for the worst class it reaches. */
export interface Destroyer {
  node: number;
  kind: DestroyerKind;
  /** The phase a forward scan from this node starts in (identities in the identity phase). */
  phase: ReachPhase;
  /** D1 when it can destroy the target as primary data (directly or with a container), else D2. */
  class: "D1" | "D2";
  /** The action on the path's `can` edge. */
  action: string;
  /** The container whose destruction takes the target with it; null when the action is on the target. */
  via: number | null;
  /** Edges on the path. */
  hops: number;
  /** Destroyer → … → target; empty beyond `pathsPerKind` (the destroyer is still listed and counted). */
  path: RawReachPath;
}

export interface Destroyers {
  target: number;
  /** Each list ranked: D1 before D2, then fewer hops, then by the order met (deterministic per index). */
  agents: Destroyer[];
  credentials: Destroyer[];
  identities: Destroyer[];
}

export interface DestroyerOptions {
  /** Paths built for the first this many of each kind (default 50); the rest come without one. */
  pathsPerKind?: number;
}

const KIND_CODES: { kind: DestroyerKind; code: number; layer: number; phase: ReachPhase }[] = [
  { kind: "agent", code: nodeKindCode("agent"), layer: ACCESS, phase: PHASE_ACCESS },
  { kind: "credential", code: nodeKindCode("credential"), layer: ACCESS, phase: PHASE_ACCESS },
  { kind: "identity", code: nodeKindCode("identity"), layer: IDENTITY, phase: PHASE_IDENTITY },
];

/**
 * Every agent, credential and identity that can destroy `target` (a resource or a recovery copy): those
 * with a D1 or D2 action on it, or a D1 action on something that takes it with it (it is contained in it,
 * or stored in it), through any chain of files, credentials, memberships and assumable roles.
 */
export function findDestroyers(index: ReachIndex, target: number, options: DestroyerOptions = {}): Destroyers {
  const pathsPerKind = options.pathsPerKind ?? 50;
  const result: Destroyers = { target, agents: [], credentials: [], identities: [] };
  const lists = { agent: result.agents, credential: result.credentials, identity: result.identities };
  const listed = new Set<number>();
  // D1 first: a node that can destroy the target as data is ranked by that path, even when a D2 path is shorter.
  for (const cls of ["D1", "D2"] as const) {
    const rule: GrantRule = cls === "D1" ? { onTarget: 1 << D1_CODE, containers: true } : { onTarget: 1 << D2_CODE, containers: false };
    const { reverse, visited } = searchBackwards(index, target, rule);
    const s = reverse.scratch;
    for (let q = 0; q < visited; q++) {
      const state = s.queue[q];
      const node = (state / LAYERS) | 0;
      const layer = state - node * LAYERS;
      const kindCode = index.nodeKind[node];
      const wanted = KIND_CODES.find((k) => k.code === kindCode && k.layer === layer);
      if (!wanted || listed.has(node)) continue;
      listed.add(node);
      const { canEdge, via } = grantOnPath(index, s, state);
      const list = lists[wanted.kind];
      list.push({
        node,
        kind: wanted.kind,
        phase: wanted.phase,
        class: cls,
        action: index.actions[index.action[canEdge]] ?? "",
        via: via === target ? null : via,
        hops: s.dist[state],
        path: list.length < pathsPerKind ? pathFromState(index, s, state) : { nodes: [], edges: [] },
      });
    }
  }
  return result;
}

/** One agent that can read a credential, by its shortest way there. */
export interface Reader {
  agent: number;
  /** The node right before the credential on that way: the file that holds it, the MCP server set up with it, or the agent itself. */
  near: number;
  /** Every edge of the way is configured_with: the agent is set up with the credential, not only able to open a file that holds it. */
  configured: boolean;
  /** Edges on the way. */
  hops: number;
}

const AGENT_CODE = nodeKindCode("agent");

/**
 * Every agent that can read `credential`: exactly those whose forward scan enters it in the access phase
 * (can_read, contains, configured_with, at most MAX_REACH_DEPTH hops), nearest first. One search backwards
 * over the same incoming edges as findDestroyers, in the access layer only; a page of credentials asks
 * once per credential, in memory, and names the agents with one query.
 */
export function findReaders(index: ReachIndex, credential: number): Reader[] {
  const { incoming, scratch: s } = reverseOf(index);
  const epoch = nextEpoch(s);
  if (credential < 0 || credential >= index.nodeCount) return [];
  const { kind } = index;
  let head = 0;
  let tail = 0;
  const first = credential * LAYERS + ACCESS;
  s.seen[first] = epoch;
  s.dist[first] = 0;
  s.next[first] = -1;
  s.nextEdge[first] = -1;
  s.queue[tail++] = first;
  while (head < tail) {
    const current = s.queue[head++];
    if (s.dist[current] >= MAX_REACH_DEPTH) continue;
    const node = (current / LAYERS) | 0;
    for (let i = incoming.offsets[node], end = incoming.offsets[node + 1]; i < end; i++) {
      const e = incoming.edge[i];
      const k = kind[e];
      if (k !== CODE.canRead && k !== CODE.contains && k !== CODE.configuredWith) continue;
      const state = incoming.src[i] * LAYERS + ACCESS;
      if (s.seen[state] === epoch) continue;
      s.seen[state] = epoch;
      s.dist[state] = s.dist[current] + 1;
      s.next[state] = current;
      s.nextEdge[state] = e;
      s.queue[tail++] = state;
    }
  }
  const readers: Reader[] = [];
  for (let q = 1; q < tail; q++) {
    const state = s.queue[q];
    const agent = (state / LAYERS) | 0;
    if (index.nodeKind[agent] !== AGENT_CODE) continue;
    let configured = true;
    let near = state;
    for (let st = state; s.next[st] >= 0; st = s.next[st]) {
      if (kind[s.nextEdge[st]] !== CODE.configuredWith) configured = false;
      near = st;
    }
    readers.push({ agent, near: (near / LAYERS) | 0, configured, hops: s.dist[state] });
  }
  return readers;
}

/** The `can` edge on a state's path and the node it grants on. */
function grantOnPath(index: ReachIndex, s: ReverseScratch, state: number): { canEdge: number; via: number } {
  for (let st = state; s.next[st] >= 0; st = s.next[st]) {
    const e = s.nextEdge[st];
    if (index.kind[e] === CODE.can) return { canEdge: e, via: index.dst[e] };
  }
  return { canEdge: -1, via: -1 };
}

export interface ShortestPaths {
  /** Edges on each shortest path; null when `from` cannot reach the target with these classes. */
  hops: number | null;
  paths: RawReachPath[];
  /** More shortest paths exist than were listed. */
  truncated: boolean;
}

export interface ShortestPathOptions {
  /** Classes of the action on the target (default every class); what dies with a container needs D1. */
  classes?: readonly ActionClass[];
  /** At most this many paths (default 20). */
  limit?: number;
}

/**
 * Every shortest path (up to `limit`) from a start (an agent or credential in the access phase, an
 * identity in the identity phase) to `target`, as BloodHound's shortest-paths query gives them: one
 * backwards search gives each state's distance to the target, then the paths are walked forwards along
 * edges that bring the target one step nearer. Parallel grants (several actions on one resource) are
 * separate paths that differ in their last `can` edge's action.
 */
export function findShortestPaths(index: ReachIndex, from: number, fromPhase: ReachPhase, target: number, options: ShortestPathOptions = {}): ShortestPaths {
  const limit = options.limit ?? 20;
  const classes = options.classes ?? ACTION_CLASSES;
  let onTarget = 0;
  for (const c of classes) onTarget |= 1 << (ACTION_CLASSES.indexOf(c) + 1);
  const rule: GrantRule = { onTarget, containers: classes.includes("D1") };
  const { reverse, epoch } = searchBackwards(index, target, rule);
  const s = reverse.scratch;
  const start = from * LAYERS + (fromPhase === PHASE_IDENTITY ? IDENTITY : ACCESS);
  if (from < 0 || from >= index.nodeCount || s.seen[start] !== epoch) return { hops: null, paths: [], truncated: false };
  const paths: RawReachPath[] = [];
  let truncated = false;
  const { offsets, dst, kind, flags } = index;
  const at = (state: number) => (s.seen[state] === epoch ? s.dist[state] : -1);
  const nodes: number[] = [from];
  const edges: PathEdge[] = [];
  // Depth-first along edges one step nearer; the search bounds the depth, so the recursion is shallow.
  const walk = (state: number): void => {
    if (paths.length >= limit) {
      truncated = true;
      return;
    }
    const node = (state / LAYERS) | 0;
    const layer = state - node * LAYERS;
    const want = s.dist[state] - 1;
    if (want < 0) {
      paths.push({ nodes: [...nodes], edges: [...edges] });
      return;
    }
    for (let e = offsets[node], end = offsets[node + 1]; e < end; e++) {
      const k = kind[e];
      const to = dst[e];
      let next = -1;
      if (layer === ACCESS) {
        if (k === CODE.canRead || k === CODE.contains || k === CODE.configuredWith) next = to * LAYERS + ACCESS;
        else if (k === CODE.authenticatesAs) next = to * LAYERS + IDENTITY;
      } else if (layer === IDENTITY) {
        if (k === CODE.memberOf || k === CODE.canAssume) next = to * LAYERS + IDENTITY;
        else if (k === CODE.can) {
          const code = classCodeOf(flags[e]);
          if (to === target ? (onTarget >> code) & 1 : rule.containers && code === D1_CODE) next = to * LAYERS + TARGET;
        }
      } else if ((k === CODE.contains || k === STORED_IN_REVERSED) && to !== node) next = to * LAYERS + TARGET;
      if (next < 0 || at(next) !== want) continue;
      // A container is a step only for a path that reached it by a D1 grant or by containment.
      nodes.push(to);
      edges.push(describeEdge(index, node, e));
      walk(next);
      nodes.pop();
      edges.pop();
      if (truncated) return;
    }
  };
  walk(start);
  return { hops: s.dist[start], paths, truncated };
}
