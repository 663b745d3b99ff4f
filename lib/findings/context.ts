/**
 * What the finding rules know: named facts about the estate, computed once per analysis and shared
 * ("which credentials an agent can read destroy this primary and every copy of it?"). A rule asks these
 * and never sees scans, masks or scratch arrays: the reach engine (lib/graph/reach/) answers them, with
 * its performance tricks behind its own names. Counts follow the counting rule
 * (lib/graph/reach/counting-rule.ts), as on every page. Paths are built only for the few rows a finding
 * shows as evidence.
 */
import { closureOf } from "@/lib/graph/reach/closure";
import { getReachCounts, type ReachCounts } from "@/lib/graph/reach/counts";
import { DestructionSummaries, type DestructionCounts, type ReachSummary } from "@/lib/graph/reach/destruction";
import { indexGraphBatch } from "@/lib/graph/reach/from-batch";
import { CODE, edgeClass, FLAG_ASSUMED, STORED_IN_REVERSED, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { describeEdge, PHASE_ACCESS, type RawReachPath, type ReachPhase } from "@/lib/graph/reach/scan";
import { searchFrom, treePath, type SearchTree } from "@/lib/graph/reach/search-tree";
import { WorstRows, type RowFilter } from "@/lib/graph/reach/worst-rows";
import { nodeKindCode, nodeKindFromCode } from "@/lib/graph/kind-codes";
import type { ActionClass, GraphBatch, NodeKind } from "@/lib/graph/types";
import type { EvidencePath, NodeInfo } from "@/lib/findings/types";

export type { ReachSummary } from "@/lib/graph/reach/destruction";

export interface EscalationEdge {
  src: number;
  dst: number;
  method: string | null;
  /** A permissions boundary caps the method: it grants nothing new. */
  capped: boolean;
}

export interface RowScan {
  /** The worst matching rows, by reach order, with paths. */
  paths: EvidencePath[];
  /** Matching (action, resource) pairs, and how many of them are D1. */
  count: number;
  d1Count: number;
  classes: Set<ActionClass>;
  /** A matching D1 takes other things with it. */
  takesMore: boolean;
}

/** How a credential's declared purpose is matched: by the action's name, else by what it acts on. */
export interface PurposeMatch {
  actionWithin(action: string): boolean;
  resourceWithin(resource: NodeInfo): boolean;
}

const NO_COPIES: readonly number[] = [];
const DESTROYING: readonly ActionClass[] = ["D1", "D2"];
const DESTRUCTIVE: readonly ActionClass[] = ["D1", "D2", "D3", "D4", "D5"];

/** Rows a finding shows as evidence; the rest are counted. */
export const EVIDENCE_PATHS = 5;

export class AnalysisContext {
  private readonly memo = new Map<number, ReachSummary>();
  private readonly scans = new Map<string, RowScan>();
  /** Per agent: two rules ask for the same numbers (destructive-reach, ungated-destructive-agent). */
  private readonly counts = new Map<number, DestructionCounts>();
  private readonly destruction: DestructionSummaries;
  private readonly worstRows: WorstRows;
  /** Per node id (an array, not a map: rules ask for every target of every credential). */
  private readonly copies: (readonly number[] | undefined)[] = [];
  private readonly trees = new Map<number, SearchTree>();
  private readonly byKind = new Map<NodeKind, NodeInfo[]>();
  private agentsByCredential?: Map<number, number[]>;
  private agentsByIdentity?: Map<number, number[]>;
  private primariesByCopy?: Map<number, number[]>;
  private containedSet?: Set<number>;
  private killersByPrimary?: Map<number, NodeInfo[]>;
  private destroyedTogether?: Set<number>;
  /** Per purpose: what its match said of each action, and of each resource (0 not asked, 1 within, 2 outside). */
  private readonly purposeCaches = new Map<string, { actions: Map<string, boolean>; resources: Uint8Array }>();

  constructor(
    readonly index: ReachIndex,
    readonly nodes: Map<number, NodeInfo>,
    readonly escalations: EscalationEdge[],
    readonly now: Date = new Date(),
  ) {
    this.destruction = new DestructionSummaries(index);
    this.worstRows = new WorstRows(index, (id) => this.node(id).name);
  }

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
    const summary = this.destruction.summarize(tree.credentials, tree.identities);
    this.memo.set(key, summary);
    return summary;
  }

  /**
   * An agent's D1/D2 numbers by the counting rule, the same as the pages show: from its summary and its
   * shared row scans when every action has one class (the usual case, and much cheaper than counting its
   * rows), else from the engine's counts.
   */
  destructionCounts(agent: number): DestructionCounts {
    let counts = this.counts.get(agent);
    if (!counts) this.counts.set(agent, (counts = this.countDestruction(agent)));
    return counts;
  }

  private countDestruction(agent: number): DestructionCounts {
    if (!this.destruction.classesFollowActions()) {
      const counts: ReachCounts = getReachCounts(this.index, agent, PHASE_ACCESS);
      return { d1Actions: counts.actions.D1, d2Actions: counts.actions.D2, d1Resources: counts.resources.D1, d2Resources: counts.resources.D2, atRisk: counts.atRisk };
    }
    const direct = this.destructiveRows(agent);
    return this.destruction.countsOf(this.reach(agent), { d1Pairs: direct.d1Count, d2Pairs: direct.count - direct.d1Count });
  }

  canDestroy(start: number, phase: ReachPhase = PHASE_ACCESS): boolean {
    return this.reach(start, phase).destroyCount > 0;
  }

  destroys(start: number, resource: number, phase: ReachPhase = PHASE_ACCESS): boolean {
    return this.destruction.has(this.reach(start, phase), "destroy", resource);
  }

  destroysOutright(start: number, resource: number, phase: ReachPhase = PHASE_ACCESS): boolean {
    return this.destruction.has(this.reach(start, phase), "d1", resource);
  }

  /** An agent's worst D1/D2 rows with their paths, and how many there are (direct grants). */
  destructiveRows(agent: number): RowScan {
    return this.rows(agent, PHASE_ACCESS, DESTROYING);
  }

  /**
   * A credential's destructive (D1–D5) rows outside its declared purpose: the worst few with paths, and
   * how many. The match is a function of the purpose alone, so credentials with one purpose share it
   * (and the identities' scans).
   */
  destructiveRowsOutsidePurpose(credential: number, purpose: string, match: PurposeMatch): RowScan {
    let cache = this.purposeCaches.get(purpose);
    if (!cache) this.purposeCaches.set(purpose, (cache = { actions: new Map(), resources: new Uint8Array(this.index.nodeCount) }));
    const known = cache;
    const outside: RowFilter = (_cls, action, resource) => {
      let byAction = known.actions.get(action);
      if (byAction === undefined) known.actions.set(action, (byAction = match.actionWithin(action)));
      if (byAction) return false;
      if (known.resources[resource] === 0) known.resources[resource] = match.resourceWithin(this.node(resource)) ? 1 : 2;
      return known.resources[resource] === 2;
    };
    return this.rows(credential, PHASE_ACCESS, DESTRUCTIVE, outside, { memoKey: `purpose:${purpose}` });
  }

  /**
   * One pass over the direct rows of `classes` a start reaches: counts those `keep` accepts (all, without
   * it) and keeps the worst few, in reach order, with their paths (built only for those). Memoized when
   * there is no `keep` or a `memoKey` names it (then identities' scans are shared between starts).
   */
  rows(start: number, phase: ReachPhase, classes: readonly ActionClass[], keep?: RowFilter, options: { limit?: number; memoKey?: string } = {}): RowScan {
    const limit = options.limit ?? EVIDENCE_PATHS;
    const memoKey = keep ? options.memoKey : classes.join("|");
    const memoId = memoKey === undefined ? undefined : `${start}:${phase}:${limit}:${memoKey}`;
    const memoized = memoId === undefined ? undefined : this.scans.get(memoId);
    if (memoized) return memoized;
    const tree = this.searchFrom(start, phase);
    const found = this.worstRows.find(tree, classes, keep, limit, keep ? options.memoKey : "");
    const result = {
      paths: found.top.map((row) => this.rowEvidence(tree, row.state, row.edge)),
      count: found.count,
      d1Count: found.countByCode[1],
      classes: found.classes,
      takesMore: found.takesMore,
    };
    if (memoId !== undefined) this.scans.set(memoId, result);
    return result;
  }

  /** Share identities' row scans between starts (tests turn it off to compare with scanning every row). */
  set shareIdentityRows(share: boolean) {
    this.worstRows.shareIdentityRows = share;
  }

  /**
   * Evidence for one action on one resource: the first (shortest) path from `start` to a `can` edge of
   * one of `classes` on `resource`.
   */
  evidenceToResource(start: number, phase: ReachPhase, resource: number, classes: ActionClass[]): EvidencePath | null {
    const tree = this.searchFrom(start, phase);
    const grant = this.worstRows.firstGrantOn(tree, resource, classes);
    return grant ? this.rowEvidence(tree, grant.state, grant.edge) : null;
  }

  /**
   * Credentials an agent can read that destroy `primary` outright (D1) and every recovery copy of it,
   * in key order. Worked out for every primary at once, once per set of identities (credentials with the
   * same identities destroy the same).
   */
  credentialsThatDestroyAll(primary: number): NodeInfo[] {
    if (!this.killersByPrimary) {
      const isPrimary = this.maskOf(this.primaries());
      const killers = new Map<number, NodeInfo[]>();
      const killedByGroup = new Map<object, number[]>();
      for (const cred of this.agentReadableCredentials()) {
        const summary = this.reach(cred.id);
        let killed = killedByGroup.get(summary.group);
        if (!killed) {
          const destroys = (node: number) => this.destruction.has(summary, "destroy", node);
          killed = this.destruction.reachedAmong(summary, "d1", isPrimary).filter((target) => this.copiesOf(target).every(destroys));
          killedByGroup.set(summary.group, killed);
        }
        for (const target of killed) {
          const list = killers.get(target);
          if (list) list.push(cred);
          else killers.set(target, [cred]);
        }
      }
      this.killersByPrimary = killers;
    }
    return this.killersByPrimary.get(primary) ?? [];
  }

  /** Whether one credential an agent can read can destroy both `resource` and its copy `copy`. */
  destroyableTogether(resource: number, copy: number): boolean {
    if (!this.destroyedTogether) {
      const nodeCount = this.index.nodeCount;
      const hasCopies = this.maskOf(this.primaries());
      const together = new Set<number>();
      const groupsDone = new Set<object>();
      for (const cred of this.agentReadableCredentials()) {
        const summary = this.reach(cred.id);
        if (groupsDone.has(summary.group)) continue;
        groupsDone.add(summary.group);
        for (const target of this.destruction.reachedAmong(summary, "destroy", hasCopies)) {
          for (const c of this.copiesOf(target)) if (this.destruction.has(summary, "destroy", c)) together.add(target * nodeCount + c);
        }
      }
      this.destroyedTogether = together;
    }
    return this.destroyedTogether.has(resource * this.index.nodeCount + copy);
  }

  /** Per resource among `resources`, the keys of the agents that destroy it outright (D1), in agent key order. */
  agentsDestroyingOutright(resources: readonly NodeInfo[]): Map<number, string[]> {
    const mask = this.maskOf(resources);
    const byResource = new Map<number, string[]>();
    for (const agent of this.agents()) {
      for (const target of this.destruction.reachedAmong(this.reach(agent.id), "d1", mask)) {
        const list = byResource.get(target);
        if (list) list.push(agent.key);
        else byResource.set(target, [agent.key]);
      }
    }
    return byResource;
  }

  /** A node mask of a list (reachedAmong filters each identity's lists by it, once per mask object). */
  private maskOf(nodes: readonly NodeInfo[]): Uint8Array {
    const mask = new Uint8Array(this.index.nodeCount);
    for (const n of nodes) mask[n.id] = 1;
    return mask;
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
