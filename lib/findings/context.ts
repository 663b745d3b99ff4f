/**
 * Everything the finding rules read, computed once per analysis and shared: the reach index, the nodes,
 * each agent's and credential's reach (summarized, memoized), who reaches which credential and identity, and recovery
 * copies. Paths are rebuilt only for the few rows a finding shows as evidence.
 */
import { searchFrom, treePath, type SearchTree } from "@/lib/graph/reach/search-tree";
import { closureOf, holdsOf } from "@/lib/graph/reach/closure";
import { compareReachRows } from "@/lib/graph/reach/rows";
import { describeEdge, PHASE_ACCESS, PHASE_IDENTITY, type RawReachPath, type ReachPhase } from "@/lib/graph/reach/scan";
import { CODE, edgeClass, FLAG_ASSUMED, FLAG_CLASS_MASK, STORED_IN_REVERSED, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { indexGraphBatch } from "@/lib/graph/reach/from-batch";
import { nodeKindCode, nodeKindFromCode } from "@/lib/graph/kind-codes";
import { ACTION_CLASSES, type ActionClass, type GraphBatch, type NodeKind } from "@/lib/graph/types";
import type { EvidencePath, NodeInfo } from "@/lib/findings/types";

export interface EscalationEdge {
  src: number;
  dst: number;
  method: string | null;
  /** A permissions boundary caps the method: it grants nothing new. */
  capped: boolean;
}

/**
 * What a start (agent, credential, identity) reaches, compactly: enough for every rule, at a few
 * kilobytes per start, so all agents and credentials of a large estate fit in memory at once. The
 * resource lists are unions over the identities reached, built on first read (most starts are only
 * counted or asked whether they destroy anything).
 */
export interface ReachSummary {
  credentials: number[];
  identities: number[];
  /** Sorted, unique: resources with a D1 action. */
  readonly d1: Int32Array;
  /** Sorted, unique: resources with a D2 action. */
  readonly d2: Int32Array;
  /** Sorted, unique: everything destroyable (D1 and D2 targets, and what dies with D1 targets). */
  readonly destroy: Int32Array;
  /** The lists' lengths, without building the lists. */
  readonly d1Count: number;
  readonly d2Count: number;
  readonly destroyCount: number;
  /** Some D1 target takes other things (backups, tables) with it. */
  d1TakesMore: boolean;
  /** Starts reaching the same identities share it (and so every list above). */
  readonly group: object;
}

export type RowFilter = (cls: ActionClass, action: string, resource: number) => boolean;

export interface RowScan {
  /** The worst matching rows, by reach order, with paths. */
  paths: EvidencePath[];
  /** Matching (action, resource) pairs. */
  count: number;
  classes: Set<ActionClass>;
  /** A matching D1 takes other things with it. */
  takesMore: boolean;
}

/** A row that may be among a scan's worst few, with what ranks it (compareReachRows) and where it is. */
interface RowCandidate {
  code: number;
  class: ActionClass;
  holds: number;
  action: string;
  resourceName: string;
  viaName: string;
  /** The identity state holding the `can` edge. */
  state: number;
  edge: number;
  pair: number;
}

interface IdentityRows {
  pairs: Int32Array;
  classBits: number;
  takesMore: boolean;
  top: RowCandidate[];
}

interface CombinedRows {
  top: RowCandidate[];
  count: number;
  classBits: number;
  takesMore: boolean;
}

const NOT_KEPT = null;
const RANKS_LOWER = 0;

/** Adds a candidate to a scan's worst few (kept sorted, at most `limit`); returns the new worst once full. */
function offerRow(top: RowCandidate[], candidate: RowCandidate, limit: number): RowCandidate | undefined {
  top.push(candidate);
  top.sort(compareReachRows);
  if (top.length > limit) top.pop();
  return top.length === limit ? top[limit - 1] : undefined;
}

interface OwnDestruction {
  d1: Int32Array;
  d2: Int32Array;
  destroy: Int32Array;
  d1TakesMore: boolean;
}

/** `start[code] … start[code + 1]` are the positions in `edges` of class `code`. */
interface CanEdgesByClass {
  edges: Int32Array;
  start: Int32Array;
  /** Per class code, built on demand: resource → the class's first edge on it. */
  firstOn: (Map<number, number> | undefined)[];
}

/** An edge's class code, 1 (D1) … 7 (R); an edge without a class reads as R, as in reach rows. */
const classCode = (flags: number) => flags & FLAG_CLASS_MASK || ACTION_CLASSES.length;

const EMPTY = new Int32Array(0);
const NO_COPIES: readonly number[] = [];

const ACTION_CLASS_ORDER = Object.fromEntries(ACTION_CLASSES.map((c, i) => [c, i])) as Record<ActionClass, number>;

/** Rows a finding shows as evidence; the rest are counted. */
export const EVIDENCE_PATHS = 5;

export class AnalysisContext {
  private readonly memo = new Map<number, StartReach>();
  private readonly scans = new Map<string, RowScan>();
  private readonly owns = new Map<number, OwnDestruction>();
  private readonly destructionBySet = new Map<string, Destruction>();
  /** Per node id (an array, not a map: rules ask for every target of every credential). */
  private readonly copies: (readonly number[] | undefined)[] = [];
  private readonly trees = new Map<number, SearchTree>();
  private readonly canEdges = new Map<number, CanEdgesByClass>();
  private pairSeen?: { stamp: Uint8Array; epoch: number };
  private identityPairSeen?: { stamp: Uint8Array; epoch: number };
  /** Per `${limit}:${codes}:${filter}`, each identity's own rows (see scanSharedRows). */
  private readonly identityRowCache = new Map<string, Map<number, IdentityRows>>();
  private pairClassesAgreeMemo?: boolean;
  private union?: { stamp: Uint8Array; epoch: number; buffer: Int32Array };
  /** Per mask (reachedAmong), each own list filtered by it. */
  private readonly maskedLists = new WeakMap<Uint8Array, Map<Int32Array, Int32Array>>();
  private readonly byKind = new Map<NodeKind, NodeInfo[]>();
  private agentsByCredential?: Map<number, number[]>;
  private agentsByIdentity?: Map<number, number[]>;
  private primariesByCopy?: Map<number, number[]>;
  private containedSet?: Set<number>;

  constructor(
    readonly index: ReachIndex,
    readonly nodes: Map<number, NodeInfo>,
    readonly escalations: EscalationEdge[],
    readonly now: Date = new Date(),
  ) {}

  node(id: number): NodeInfo {
    return (
      this.nodes.get(id) ?? {
        id,
        kind: this.index.nodeKind[id] ? nodeKindFromCode(this.index.nodeKind[id]) : "resource",
        key: `#${id}`,
        name: `#${id}`,
        props: {},
      }
    );
  }

  nodesOfKind(kind: NodeKind): NodeInfo[] {
    let list = this.byKind.get(kind);
    if (!list) {
      list = [...this.nodes.values()].filter((n) => n.kind === kind).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      this.byKind.set(kind, list);
    }
    return list;
  }

  /**
   * Reach from an agent / credential (access phase) or an identity, summarized; memoized. The search
   * only finds the identities; what they destroy is the union of each identity's own `can` edges,
   * computed once per identity (thousands of credentials and agents share a few hundred roles).
   */
  reach(start: number, phase: ReachPhase = PHASE_ACCESS): ReachSummary {
    const key = start * 2 + phase;
    const cached = this.memo.get(key);
    if (cached) return cached;
    const tree = this.searchFrom(start, phase);
    const summary = new StartReach(tree.credentials, tree.identities, this.destructionOf(tree.identities));
    this.memo.set(key, summary);
    return summary;
  }

  /** What a set of identities destroys together; memoized by the set (credentials often share identities). */
  private destructionOf(identities: number[]): Destruction {
    const key = [...identities].sort((a, b) => a - b).join(",");
    const cached = this.destructionBySet.get(key);
    if (cached) return cached;
    const owns = identities.map((identity) => this.ownDestruction(identity)).filter((o) => o.destroy.length > 0);
    const destruction = new Destruction(this, owns);
    this.destructionBySet.set(key, destruction);
    return destruction;
  }

  /** What one identity's own `can` edges destroy, without following anything. */
  private ownDestruction(identity: number): OwnDestruction {
    const cached = this.owns.get(identity);
    if (cached) return cached;
    const { offsets, kind, flags, dst } = this.index;
    const d1: number[] = [];
    const d2: number[] = [];
    const destroy: number[] = [];
    let d1TakesMore = false;
    for (let e = offsets[identity], end = offsets[identity + 1]; e < end; e++) {
      if (kind[e] !== CODE.can) continue;
      const cls = flags[e] & FLAG_CLASS_MASK;
      const target = dst[e];
      if (cls === 1) {
        d1.push(target);
        destroy.push(target);
        if (holdsOf(this.index, target) > 0) {
          d1TakesMore = true;
          for (const victim of closureOf(this.index, target).nodes) destroy.push(victim);
        }
      } else if (cls === 2) {
        d2.push(target);
        destroy.push(target);
      }
    }
    const own = { d1: sortedUnique(d1), d2: sortedUnique(d2), destroy: sortedUnique(destroy), d1TakesMore };
    this.owns.set(identity, own);
    return own;
  }

  /** An identity's `can` edges grouped by class code (1 = D1 … 7 = R; none counts as R), each group in edge order. */
  private canEdgesOf(identity: number): CanEdgesByClass {
    const cached = this.canEdges.get(identity);
    if (cached) return cached;
    const { offsets, kind, flags } = this.index;
    const start = new Int32Array(ACTION_CLASSES.length + 2);
    for (let e = offsets[identity], end = offsets[identity + 1]; e < end; e++) if (kind[e] === CODE.can) start[classCode(flags[e]) + 1]++;
    for (let code = 1; code < start.length; code++) start[code] += start[code - 1];
    const fill = start.slice();
    const edges = new Int32Array(start[start.length - 1]);
    for (let e = offsets[identity], end = offsets[identity + 1]; e < end; e++) if (kind[e] === CODE.can) edges[fill[classCode(flags[e])]++] = e;
    const grouped = { edges, start, firstOn: [] };
    this.canEdges.set(identity, grouped);
    return grouped;
  }

  /** Sorted union of sorted, unique lists, by stamping node ids (no merge, no hashing). */
  unionOf(lists: Int32Array[]): Int32Array {
    const nonEmpty = lists.filter((l) => l.length > 0);
    if (nonEmpty.length === 0) return EMPTY;
    if (nonEmpty.length <= 4) return nonEmpty.reduce(mergeSorted);
    const stamp = this.unionStamp();
    const { buffer, epoch } = this.union!;
    let count = 0;
    let min = Infinity;
    let max = -1;
    for (const list of nonEmpty) {
      min = Math.min(min, list[0]);
      max = Math.max(max, list[list.length - 1]);
      for (let i = 0; i < list.length; i++) {
        const node = list[i];
        if (stamp[node] === epoch) continue;
        stamp[node] = epoch;
        buffer[count++] = node;
      }
    }
    // Dense unions (agents reaching much of the estate) read back in order faster than they sort.
    if (count * 8 < max - min) return buffer.slice(0, count).sort();
    const sorted = new Int32Array(count);
    for (let node = min, at = 0; node <= max; node++) if (stamp[node] === epoch) sorted[at++] = node;
    return sorted;
  }

  /** How many distinct nodes sorted, unique lists hold together (unionOf(lists).length, without the list). */
  unionSize(lists: Int32Array[]): number {
    const nonEmpty = lists.filter((l) => l.length > 0);
    if (nonEmpty.length <= 1) return nonEmpty.length === 0 ? 0 : nonEmpty[0].length;
    const stamp = this.unionStamp();
    const epoch = this.union!.epoch;
    let count = 0;
    for (const list of nonEmpty) {
      for (let i = 0; i < list.length; i++) {
        const node = list[i];
        if (stamp[node] === epoch) continue;
        stamp[node] = epoch;
        count++;
      }
    }
    return count;
  }

  /** The union's stamp array, at a fresh epoch. */
  private unionStamp(): Uint8Array {
    const u = (this.union ??= { stamp: new Uint8Array(this.index.nodeCount), epoch: 0, buffer: new Int32Array(this.index.nodeCount) });
    u.epoch = (u.epoch + 1) & 0xff;
    if (u.epoch === 0) {
      u.stamp.fill(0);
      u.epoch = 1;
    }
    return u.stamp;
  }

  /**
   * The nodes of a start's `which` list that `mask` marks (mask[node] = 1), each once, in no particular
   * order, without building the sorted list. Each identity's own list is filtered once per mask (rules
   * ask about a few kinds of target: primaries, stores), so a start walks only the marked part. The
   * filtered lists are kept per mask object: fill a mask before the first call and leave it unchanged.
   */
  reachedAmong(start: number, which: "d1" | "d2" | "destroy", mask: Uint8Array, phase: ReachPhase = PHASE_ACCESS): number[] {
    const destruction = this.reach(start, phase).group as Destruction;
    let filtered = this.maskedLists.get(mask);
    if (!filtered) this.maskedLists.set(mask, (filtered = new Map()));
    const lists: Int32Array[] = [];
    for (const own of destruction.ownDestructions) {
      const key = own[which];
      let list = filtered.get(key);
      if (!list) filtered.set(key, (list = key.filter((node) => mask[node] === 1)));
      if (list.length > 0) lists.push(list);
    }
    const found: number[] = [];
    if (lists.length === 1) {
      for (let i = 0; i < lists[0].length; i++) found.push(lists[0][i]);
      return found;
    }
    const stamp = this.unionStamp();
    const epoch = this.union!.epoch;
    for (const list of lists) {
      for (let i = 0; i < list.length; i++) {
        const node = list[i];
        if (stamp[node] === epoch) continue;
        stamp[node] = epoch;
        found.push(node);
      }
    }
    return found;
  }

  canDestroy(start: number, phase: ReachPhase = PHASE_ACCESS): boolean {
    return this.reach(start, phase).destroyCount > 0;
  }

  destroys(start: number, resource: number, phase: ReachPhase = PHASE_ACCESS): boolean {
    return (this.reach(start, phase).group as Destruction).has("destroy", resource);
  }

  destroysOutright(start: number, resource: number, phase: ReachPhase = PHASE_ACCESS): boolean {
    return sortedHas(this.reach(start, phase).d1, resource);
  }

  /**
   * One pass over the direct rows of `classes` a start reaches: counts those `keep` accepts (all, without
   * it) and keeps the worst few, in reach order, with their paths (built only for those). Memoized when
   * there is no `keep` (several rules ask for an agent's D1/D2 rows) or a `memoKey` names it.
   *
   * When the filter is named (no `keep`, or a `memoKey`), each identity's rows are scanned once and shared
   * by every start that reaches it (`identityRows`): a start then only unions its identities' pair ids
   * and picks its worst rows among theirs. The result is the same as scanning every row of every
   * identity (`scanEveryRow`, also used for unnamed filters), see `scanSharedRows`.
   */
  scanRows(start: number, phase: ReachPhase, classes: readonly ActionClass[], keep?: RowFilter, options: { limit?: number; memoKey?: string } = {}): RowScan {
    const limit = options.limit ?? EVIDENCE_PATHS;
    const memoKey = keep ? options.memoKey : classes.join("|");
    const memoId = memoKey === undefined ? undefined : `${start}:${phase}:${limit}:${memoKey}`;
    const memoized = memoId === undefined ? undefined : this.scans.get(memoId);
    if (memoized) return memoized;
    const codes = [...new Set(classes.map((c) => ACTION_CLASS_ORDER[c] + 1))].sort();
    const tree = this.searchFrom(start, phase);
    const filterKey = keep ? options.memoKey : "";
    const scan =
      filterKey !== undefined && this.shareIdentityRows && this.pairClassesAgree()
        ? this.scanSharedRows(tree, codes, keep, limit, filterKey)
        : this.scanEveryRow(tree, codes, keep, limit);
    const found = new Set(ACTION_CLASSES.filter((_, i) => scan.classBits & (1 << (i + 1))));
    const paths = scan.top.map((c) => this.rowEvidence(tree, c.state, c.edge));
    const result = { paths, count: scan.count, classes: found, takesMore: scan.takesMore };
    if (memoId !== undefined) this.scans.set(memoId, result);
    return result;
  }

  /** Share identities' row scans between starts (tests turn it off to compare with scanning every row). */
  shareIdentityRows = true;

  /**
   * Every row of every identity the tree entered, in reach order. Identities come in BFS order, so the
   * first edge of each (action, resource) lies on a shortest path.
   */
  private scanEveryRow(tree: SearchTree, codes: number[], keep: RowFilter | undefined, limit: number): CombinedRows {
    const seen = this.pairStamp("pairSeen");
    const pairOf = this.index.pairs.ofEdge;
    const top: RowCandidate[] = [];
    let worst: RowCandidate | undefined;
    let count = 0;
    let classBits = 0;
    let takesMore = false;
    for (const identity of tree.identities) {
      const own = this.canEdgesOf(identity);
      for (const code of codes) {
        for (let i = own.start[code], end = own.start[code + 1]; i < end; i++) {
          const e = own.edges[i];
          const pair = pairOf[e];
          if (seen.stamp[pair] === seen.epoch) continue;
          const row = this.rowOf(identity, code, e, keep, worst);
          if (row === NOT_KEPT) continue;
          seen.stamp[pair] = seen.epoch;
          count++;
          classBits |= 1 << code;
          if (code === 1 && this.index.holds[this.index.dst[e]] > 0) takesMore = true;
          if (row !== RANKS_LOWER) worst = offerRow(top, row, limit);
        }
      }
    }
    return { top, count, classBits, takesMore };
  }

  /**
   * The same result from each identity's own scan (`identityRows`). Sound because every (action,
   * resource) pair has one class wherever it appears (`pairClassesAgree`), so a row's rank depends on the
   * pair alone: the rows before a pair in its first identity's own order are all before it in reach order
   * too, so a start's worst few are among the worst few of the identities where they first appear, at
   * the same edge; a pair offered again by a later identity comes after all of those, as it would.
   */
  private scanSharedRows(tree: SearchTree, codes: number[], keep: RowFilter | undefined, limit: number, filterKey: string): CombinedRows {
    const cacheKey = `${limit}:${codes.join(",")}:${filterKey}`;
    let cache = this.identityRowCache.get(cacheKey);
    if (!cache) this.identityRowCache.set(cacheKey, (cache = new Map()));
    const seen = this.pairStamp("pairSeen");
    const { stamp, epoch } = seen;
    const offered = new Set<number>();
    const top: RowCandidate[] = [];
    let worst: RowCandidate | undefined;
    let count = 0;
    let classBits = 0;
    let takesMore = false;
    for (const identity of tree.identities) {
      let rows = cache.get(identity);
      if (!rows) cache.set(identity, (rows = this.identityRows(identity, codes, keep, limit)));
      if (rows.pairs.length === 0) continue;
      classBits |= rows.classBits;
      if (rows.takesMore) takesMore = true;
      const pairs = rows.pairs;
      for (let i = 0; i < pairs.length; i++) {
        const pair = pairs[i];
        if (stamp[pair] === epoch) continue;
        stamp[pair] = epoch;
        count++;
      }
      for (const candidate of rows.top) {
        if (offered.has(candidate.pair)) continue;
        offered.add(candidate.pair);
        if (worst && compareReachRows(candidate, worst) >= 0) continue;
        worst = offerRow(top, candidate, limit);
      }
    }
    return { top, count, classBits, takesMore };
  }

  /** One identity's rows of `codes` that `keep` accepts: pair ids (each once, in edge order), classes, worst few. */
  private identityRows(identity: number, codes: number[], keep: RowFilter | undefined, limit: number): IdentityRows {
    const seen = this.pairStamp("identityPairSeen");
    const pairOf = this.index.pairs.ofEdge;
    const own = this.canEdgesOf(identity);
    const pairs: number[] = [];
    const top: RowCandidate[] = [];
    let worst: RowCandidate | undefined;
    let classBits = 0;
    let takesMore = false;
    for (const code of codes) {
      for (let i = own.start[code], end = own.start[code + 1]; i < end; i++) {
        const e = own.edges[i];
        const pair = pairOf[e];
        if (seen.stamp[pair] === seen.epoch) continue;
        const row = this.rowOf(identity, code, e, keep, worst);
        if (row === NOT_KEPT) continue;
        seen.stamp[pair] = seen.epoch;
        pairs.push(pair);
        classBits |= 1 << code;
        if (code === 1 && this.index.holds[this.index.dst[e]] > 0) takesMore = true;
        if (row !== RANKS_LOWER) worst = offerRow(top, row, limit);
      }
    }
    return { pairs: Int32Array.from(pairs), classBits, takesMore, top };
  }

  /**
   * One row (identity's `can` edge `e` of class `code`): NOT_KEPT when `keep` refuses it, RANKS_LOWER when
   * it ranks after `worst` (compareReachRows inline, names last and only on a tie: most rows are not
   * among the worst few), else a candidate. Either way its resource's holds is known on the index after.
   */
  private rowOf(identity: number, code: number, e: number, keep: RowFilter | undefined, worst: RowCandidate | undefined): RowCandidate | typeof NOT_KEPT | typeof RANKS_LOWER {
    const index = this.index;
    const resource = index.dst[e];
    const actionName = index.actions[index.action[e]] ?? "";
    const cls = ACTION_CLASSES[code - 1];
    if (keep && !keep(cls, actionName, resource)) return NOT_KEPT;
    const holds = index.holds[resource] >= 0 ? index.holds[resource] : holdsOf(index, resource);
    let resourceName: string | undefined;
    if (worst) {
      if (code > worst.code || (code === worst.code && holds < worst.holds)) return RANKS_LOWER;
      if (code === worst.code && holds === worst.holds) {
        resourceName = this.node(resource).name;
        if (resourceName > worst.resourceName || (resourceName === worst.resourceName && actionName >= worst.action)) return RANKS_LOWER;
      }
    }
    resourceName ??= this.node(resource).name;
    return { code, class: cls, holds, action: actionName, resourceName, viaName: "", state: identity * 2 + PHASE_IDENTITY, edge: e, pair: index.pairs.ofEdge[e] };
  }

  /** A fresh epoch of a per-pair stamp array. */
  private pairStamp(name: "pairSeen" | "identityPairSeen"): { stamp: Uint8Array; epoch: number } {
    const seen = (this[name] ??= { stamp: new Uint8Array(this.index.pairs.count), epoch: 0 });
    seen.epoch = (seen.epoch + 1) & 0xff;
    if (seen.epoch === 0) {
      seen.stamp.fill(0);
      seen.epoch = 1;
    }
    return seen;
  }

  /** Every `can` edge of one (action, resource) pair has the same class (collectors classify by action). */
  private pairClassesAgree(): boolean {
    if (this.pairClassesAgreeMemo === undefined) {
      const { kind, flags, edgeCount } = this.index;
      const pairOf = this.index.pairs.ofEdge;
      const classOf = new Uint8Array(this.index.pairs.count);
      let agree = true;
      for (let e = 0; e < edgeCount && agree; e++) {
        if (kind[e] !== CODE.can) continue;
        const code = classCode(flags[e]);
        const pair = pairOf[e];
        if (classOf[pair] === 0) classOf[pair] = code;
        else if (classOf[pair] !== code) agree = false;
      }
      this.pairClassesAgreeMemo = agree;
    }
    return this.pairClassesAgreeMemo;
  }

  /**
   * Evidence for one action on one resource: the first (shortest) path from `start` to a `can` edge of
   * one of `classes` on `resource`.
   */
  evidenceToResource(start: number, phase: ReachPhase, resource: number, classes: ActionClass[]): EvidencePath | null {
    const codes = [...new Set(classes.map((c) => ACTION_CLASS_ORDER[c] + 1))].sort();
    const tree = this.searchFrom(start, phase);
    for (const identity of tree.identities) {
      const own = this.canEdgesOf(identity);
      for (const code of codes) {
        if (own.start[code] === own.start[code + 1]) continue;
        // The first edge of the class on each resource, indexed once per identity and class: rules ask
        // for thousands of (credential, resource) paths over the same few hundred identities.
        const firstOn = (own.firstOn[code] ??= new Map());
        if (firstOn.size === 0) for (let i = own.start[code + 1] - 1; i >= own.start[code]; i--) firstOn.set(this.index.dst[own.edges[i]], own.edges[i]);
        const edge = firstOn.get(resource);
        if (edge !== undefined) return this.rowEvidence(tree, identity * 2 + PHASE_IDENTITY, edge);
      }
    }
    return null;
  }

  /** The path from an agent to one credential or identity it reaches (empty when it does not). */
  evidencePathTo(start: number, target: number, phase: ReachPhase): EvidencePath {
    const path = treePath(this.index, this.searchFrom(start, PHASE_ACCESS), target * 2 + phase);
    return path ? this.toEvidence(path) : { nodes: [], edges: [] };
  }

  /** A direct row as evidence: the path to the identity state holding the `can` edge, then the edge. */
  private rowEvidence(tree: SearchTree, state: number, edge: number): EvidencePath {
    const index = this.index;
    const prefix = treePath(index, tree, state)!;
    const resource = index.dst[edge];
    const flags = tree.pathFlags[tree.at.get(state)!] | index.flags[edge];
    return this.toEvidence(
      { nodes: [...prefix.nodes, resource], edges: [...prefix.edges, describeEdge(index, state >> 1, edge)] },
      { action: index.actions[index.action[edge]] ?? "", class: edgeClass(index.flags[edge]) ?? "R", resource, via: null, assumed: (flags & FLAG_ASSUMED) !== 0 },
    );
  }

  /** One search per start, kept for everything asked about that start. */
  private searchFrom(start: number, phase: ReachPhase): SearchTree {
    const key = start * 2 + phase;
    let tree = this.trees.get(key);
    if (!tree) this.trees.set(key, (tree = searchFrom(this.index, start, phase)));
    return tree;
  }

  toEvidence(path: RawReachPath, row?: { action: string; class: ActionClass; resource: number; via: number | null; assumed: boolean }): EvidencePath {
    const evidence: EvidencePath = {
      nodes: path.nodes.map((id) => {
        const n = this.node(id);
        return { kind: n.kind, key: n.key, name: n.name };
      }),
      edges: path.edges.map((e) => (e.action ? { kind: e.kind, action: e.action } : { kind: e.kind })),
    };
    if (row) {
      evidence.action = row.action;
      evidence.class = row.class;
      evidence.resource = this.node(row.resource).name;
      evidence.via = row.via === null ? null : this.node(row.via).name;
      evidence.assumed = row.assumed;
    }
    return evidence;
  }

  agents(): NodeInfo[] {
    return this.nodesOfKind("agent");
  }

  /** Agents that can read each credential. */
  agentsReachingCredential(credential: number): NodeInfo[] {
    this.agentsByCredential ??= this.invertAgents((s) => s.credentials);
    return (this.agentsByCredential.get(credential) ?? []).map((id) => this.node(id));
  }

  agentsReachingIdentity(identity: number): NodeInfo[] {
    this.agentsByIdentity ??= this.invertAgents((s) => s.identities);
    return (this.agentsByIdentity.get(identity) ?? []).map((id) => this.node(id));
  }

  private invertAgents(pick: (s: ReachSummary) => number[]): Map<number, number[]> {
    const map = new Map<number, number[]>();
    for (const agent of this.agents()) {
      for (const id of new Set(pick(this.reach(agent.id)))) {
        const list = map.get(id);
        if (list) list.push(agent.id);
        else map.set(id, [agent.id]);
      }
    }
    return map;
  }

  /** Credentials some agent can read, in key order. */
  agentReadableCredentials(): NodeInfo[] {
    return this.nodesOfKind("credential").filter((c) => this.agentsReachingCredential(c.id).length > 0);
  }

  /** What dies with a resource. */
  closure(resource: number): Set<number> {
    return new Set(closureOf(this.index, resource).nodes);
  }

  /** Nodes that some resource contains (they die with it, so they are not data stores of their own). */
  isContained(node: number): boolean {
    if (!this.containedSet) {
      const set = new Set<number>();
      const resourceCode = nodeKindCode("resource");
      this.forEachEdge(CODE.contains, (src, dst) => {
        if (this.index.nodeKind[src] === resourceCode) set.add(dst);
      });
      this.containedSet = set;
    }
    return this.containedSet.has(node);
  }

  /**
   * Recovery copies of a resource: its `recovered_by` targets, plus copies stored in it that no other
   * resource claims as its own.
   */
  copiesOf(resource: number): readonly number[] {
    let copies = this.copies[resource];
    if (copies) return copies;
    if (!this.primariesByCopy) {
      const map = new Map<number, number[]>();
      this.forEachEdge(CODE.recoveredBy, (src, dst) => map.set(dst, [...(map.get(dst) ?? []), src]));
      this.primariesByCopy = map;
    }
    const found = new Set<number>();
    this.forEachEdgeFrom(resource, (kind, dst) => {
      if (kind === CODE.recoveredBy) found.add(dst);
      if (kind === STORED_IN_REVERSED && !this.primariesByCopy!.has(dst)) found.add(dst);
    });
    copies = found.size === 0 ? NO_COPIES : [...found].sort((a, b) => a - b);
    if (resource >= 0 && resource < this.index.nodeCount) this.copies[resource] = copies;
    return copies;
  }

  /** Resources with at least one recovery copy. */
  primaries(): NodeInfo[] {
    return this.nodesOfKind("resource").filter((r) => this.copiesOf(r.id).length > 0);
  }

  private forEachEdge(code: number, fn: (src: number, dst: number) => void): void {
    const { offsets, kind, dst } = this.index;
    for (let node = 0; node < this.index.nodeCount; node++) {
      for (let e = offsets[node]; e < offsets[node + 1]; e++) if (kind[e] === code) fn(node, dst[e]);
    }
  }

  private forEachEdgeFrom(node: number, fn: (kind: number, dst: number) => void): void {
    const { offsets, kind, dst } = this.index;
    if (node < 0 || node >= this.index.nodeCount) return;
    for (let e = offsets[node]; e < offsets[node + 1]; e++) fn(kind[e], dst[e]);
  }
}

/** What a set of identities destroys together: each list built when first read, counts without the lists. */
class Destruction {
  private lists: { d1?: Int32Array; d2?: Int32Array; destroy?: Int32Array } = {};
  private counts: { d1?: number; d2?: number; destroy?: number } = {};
  readonly d1TakesMore: boolean;

  constructor(
    private readonly ctx: AnalysisContext,
    /** The identities' own destruction, those that destroy anything. */
    private readonly owns: OwnDestruction[],
  ) {
    this.d1TakesMore = owns.some((o) => o.d1TakesMore);
  }

  /** The identities' own destruction the lists are unions of. */
  get ownDestructions(): readonly OwnDestruction[] {
    return this.owns;
  }

  /** Membership, from the identities' own lists while they are few (most credentials), else the union. */
  has(which: "d1" | "d2" | "destroy", node: number): boolean {
    const built = this.lists[which];
    if (built) return sortedHas(built, node);
    if (this.owns.length <= 8) return this.owns.some((o) => sortedHas(o[which], node));
    return sortedHas(this.list(which), node);
  }

  list(which: "d1" | "d2" | "destroy"): Int32Array {
    return (this.lists[which] ??= this.ctx.unionOf(this.owns.map((o) => o[which])));
  }

  count(which: "d1" | "d2" | "destroy"): number {
    if (this.lists[which]) return this.lists[which].length;
    return (this.counts[which] ??= this.ctx.unionSize(this.owns.map((o) => o[which])));
  }
}

/** A start's reach summary; its resource lists are its identities' shared Destruction. */
class StartReach implements ReachSummary {
  constructor(
    readonly credentials: number[],
    readonly identities: number[],
    private readonly destruction: Destruction,
  ) {}

  get d1(): Int32Array {
    return this.destruction.list("d1");
  }
  get d2(): Int32Array {
    return this.destruction.list("d2");
  }
  get destroy(): Int32Array {
    return this.destruction.list("destroy");
  }
  get d1Count(): number {
    return this.destruction.count("d1");
  }
  get d2Count(): number {
    return this.destruction.count("d2");
  }
  get destroyCount(): number {
    return this.destruction.count("destroy");
  }
  get d1TakesMore(): boolean {
    return this.destruction.d1TakesMore;
  }
  get group(): object {
    return this.destruction;
  }
}

/** Sorted union of two sorted, unique lists. */
function mergeSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) out[n++] = a[i++];
    else if (a[i] > b[j]) out[n++] = b[j++];
    else {
      out[n++] = a[i++];
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++];
  while (j < b.length) out[n++] = b[j++];
  return n === out.length ? out : out.slice(0, n);
}

function sortedUnique(values: number[]): Int32Array {
  const sorted = Int32Array.from(values).sort();
  let write = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[write++] = sorted[i];
  return sorted.slice(0, write);
}

export function sortedHas(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** A context straight from a batch, for rule tests. */
export function analysisContextFromBatch(batch: GraphBatch, now = new Date("2026-11-24T00:00:00Z")): AnalysisContext {
  const { index, nodes } = indexGraphBatch(batch);
  const idOf = new Map([...nodes.values()].map((n) => [`${n.kind}\u0000${n.key}`, n.id]));
  const escalations = batch.edges
    .filter((e) => e.kind === "can_assume" && e.props?.escalation === true)
    .map((e) => ({
      src: idOf.get(`${e.src.kind}\u0000${e.src.key}`)!,
      dst: idOf.get(`${e.dst.kind}\u0000${e.dst.key}`)!,
      method: typeof e.props?.method === "string" ? e.props.method : null,
      capped: Array.isArray(e.props?.cappedByBoundary) && e.props.cappedByBoundary.length > 0,
    }));
  return new AnalysisContext(index, nodes, escalations, now);
}

// ── Small shared readers of node props ─────────────────────────────────────────────

export function readDate(value: unknown): Date | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function readLocations(props: Record<string, unknown>): { file: string; line?: number }[] {
  const raw = props.locations;
  if (!Array.isArray(raw)) return [];
  return raw.filter((l): l is { file: string; line?: number } => typeof l === "object" && l !== null && typeof (l as { file?: unknown }).file === "string");
}

export const DAY_MS = 86_400_000;
