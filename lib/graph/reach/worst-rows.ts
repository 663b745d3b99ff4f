/**
 * A start's worst few rows of some classes, and how many there are: what a finding shows as evidence and
 * counts in its title. Each identity's rows are scanned once and shared by every start that reaches it
 * (a start then unions its identities' pair ids and picks its worst rows among theirs); when that is not
 * sound (one (action, resource) pair with different classes on different edges, or an unnamed filter),
 * every row of every identity is scanned instead. Both give the same result (worst-rows.test.ts).
 */
import { holdsOf } from "@/lib/graph/reach/closure";
import { CODE, FLAG_CLASS_MASK, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { compareReachRows } from "@/lib/graph/reach/rows";
import { PHASE_IDENTITY } from "@/lib/graph/reach/scan";
import type { SearchTree } from "@/lib/graph/reach/search-tree";
import { ACTION_CLASSES, type ActionClass } from "@/lib/graph/types";

export type RowFilter = (cls: ActionClass, action: string, resource: number) => boolean;

export interface WorstRowsFound {
  /** The worst matching rows, by reach order: the identity state holding each `can` edge, and the edge. */
  top: { state: number; edge: number }[];
  /** Matching (action, resource) pairs, and per class code (1 = D1 … 7 = R). */
  count: number;
  countByCode: Int32Array;
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
  /** Grouped by class, in the order of the scan's codes: codes[k]'s pairs end at codeEnds[k]. */
  pairs: Int32Array;
  codeEnds: Int32Array;
  classBits: number;
  takesMore: boolean;
  top: RowCandidate[];
}

interface CombinedRows {
  top: RowCandidate[];
  count: number;
  countByCode: Int32Array;
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

/** `start[code] … start[code + 1]` are the positions in `edges` of class `code`. */
interface CanEdgesByClass {
  edges: Int32Array;
  start: Int32Array;
  /** Per class code, built on demand: resource → the class's first edge on it. */
  firstOn: (Map<number, number> | undefined)[];
}

/** An edge's class code, 1 (D1) … 7 (R); an edge without a class reads as R, as in reach rows. */
const classCode = (flags: number) => flags & FLAG_CLASS_MASK || ACTION_CLASSES.length;

const ACTION_CLASS_ORDER = Object.fromEntries(ACTION_CLASSES.map((c, i) => [c, i])) as Record<ActionClass, number>;

/** Per index: identities' `can` edges by class, their shared row scans, and the stamps the scans use. */
export class WorstRows {
  private readonly canEdges = new Map<number, CanEdgesByClass>();
  private pairSeen?: { stamp: Uint8Array; epoch: number };
  private identityPairSeen?: { stamp: Uint8Array; epoch: number };
  /** Per `${limit}:${codes}:${filter}`, each identity's own rows (see scanSharedRows). */
  private readonly identityRowCache = new Map<string, Map<number, IdentityRows>>();
  private pairClassesAgreeMemo?: boolean;

  constructor(
    private readonly index: ReachIndex,
    /** Names rank rows that tie on class and holds. */
    private readonly nameOf: (node: number) => string,
  ) {}

  /**
   * One pass over the direct rows of `classes` in a search tree: counts those `keep` accepts (all,
   * without it) and keeps the worst `limit`, in reach order. `filterKey` names the filter (undefined for
   * an unnamed one): rows of named filters are shared per identity.
   */
  find(tree: SearchTree, classes: readonly ActionClass[], keep: RowFilter | undefined, limit: number, filterKey: string | undefined): WorstRowsFound {
    const codes = [...new Set(classes.map((c) => ACTION_CLASS_ORDER[c] + 1))].sort();
    const scan =
      filterKey !== undefined && this.shareIdentityRows && this.pairClassesAgree()
        ? this.scanSharedRows(tree, codes, keep, limit, filterKey)
        : this.scanEveryRow(tree, codes, keep, limit);
    const found = new Set(ACTION_CLASSES.filter((_, i) => scan.classBits & (1 << (i + 1))));
    return { top: scan.top.map((c) => ({ state: c.state, edge: c.edge })), count: scan.count, countByCode: scan.countByCode, classes: found, takesMore: scan.takesMore };
  }

  /**
   * The first (shortest) grant of one of `classes` on `resource` in a search tree: the identity state
   * holding it and the edge, or null.
   */
  firstGrantOn(tree: SearchTree, resource: number, classes: readonly ActionClass[]): { state: number; edge: number } | null {
    const codes = [...new Set(classes.map((c) => ACTION_CLASS_ORDER[c] + 1))].sort();
    for (const identity of tree.identities) {
      const own = this.canEdgesOf(identity);
      for (const code of codes) {
        if (own.start[code] === own.start[code + 1]) continue;
        // The first edge of the class on each resource, indexed once per identity and class: rules ask
        // for thousands of (credential, resource) paths over the same few hundred identities.
        const firstOn = (own.firstOn[code] ??= new Map());
        if (firstOn.size === 0) for (let i = own.start[code + 1] - 1; i >= own.start[code]; i--) firstOn.set(this.index.dst[own.edges[i]], own.edges[i]);
        const edge = firstOn.get(resource);
        if (edge !== undefined) return { state: identity * 2 + PHASE_IDENTITY, edge };
      }
    }
    return null;
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
    const countByCode = new Int32Array(ACTION_CLASSES.length + 1);
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
          countByCode[code]++;
          classBits |= 1 << code;
          if (code === 1 && this.index.holds[this.index.dst[e]] > 0) takesMore = true;
          if (row !== RANKS_LOWER) worst = offerRow(top, row, limit);
        }
      }
    }
    return { top, count, countByCode, classBits, takesMore };
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
    const countByCode = new Int32Array(ACTION_CLASSES.length + 1);
    let classBits = 0;
    let takesMore = false;
    for (const identity of tree.identities) {
      let rows = cache.get(identity);
      if (!rows) cache.set(identity, (rows = this.identityRows(identity, codes, keep, limit)));
      if (rows.pairs.length === 0) continue;
      classBits |= rows.classBits;
      if (rows.takesMore) takesMore = true;
      // The identity's pairs come grouped by class, so each new pair is counted by its group's class: no
      // per-pair class lookup (a second random read per pair) in the findings' hottest loop.
      const { pairs, codeEnds } = rows;
      for (let k = 0, i = 0; k < codes.length; k++) {
        let fresh = 0;
        for (const end = codeEnds[k]; i < end; i++) {
          const pair = pairs[i];
          if (stamp[pair] === epoch) continue;
          stamp[pair] = epoch;
          fresh++;
        }
        count += fresh;
        countByCode[codes[k]] += fresh;
      }
      for (const candidate of rows.top) {
        if (offered.has(candidate.pair)) continue;
        offered.add(candidate.pair);
        if (worst && compareReachRows(candidate, worst) >= 0) continue;
        worst = offerRow(top, candidate, limit);
      }
    }
    return { top, count, countByCode, classBits, takesMore };
  }

  /** One identity's rows of `codes` that `keep` accepts: pair ids (each once, in edge order), classes, worst few. */
  private identityRows(identity: number, codes: number[], keep: RowFilter | undefined, limit: number): IdentityRows {
    const seen = this.pairStamp("identityPairSeen");
    const pairOf = this.index.pairs.ofEdge;
    const own = this.canEdgesOf(identity);
    const pairs: number[] = [];
    const top: RowCandidate[] = [];
    let worst: RowCandidate | undefined;
    const codeEnds = new Int32Array(codes.length);
    let classBits = 0;
    let takesMore = false;
    for (let k = 0; k < codes.length; k++) {
      const code = codes[k];
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
      codeEnds[k] = pairs.length;
    }
    return { pairs: Int32Array.from(pairs), codeEnds, classBits, takesMore, top };
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
        resourceName = this.nameOf(resource);
        if (resourceName > worst.resourceName || (resourceName === worst.resourceName && actionName >= worst.action)) return RANKS_LOWER;
      }
    }
    resourceName ??= this.nameOf(resource);
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
}
