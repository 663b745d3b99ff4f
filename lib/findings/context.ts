/**
 * Everything the finding rules read, computed once per analysis and shared: the reach index, the nodes,
 * each agent's reach (without paths, memoized), who reaches which credential and identity, and recovery
 * copies. Paths are rebuilt only for the few rows a finding shows as evidence.
 */
import { closureOf, compareReachRows, computeReach, PHASE_ACCESS, type RawReachPath, type RawReachRow, type ReachPhase } from "@/lib/graph/reach";
import { CODE, STORED_IN_REVERSED, type ReachIndex } from "@/lib/graph/reach-index";
import { indexGraphBatch } from "@/lib/graph/reach-batch";
import { nodeKindFromCode } from "@/lib/graph/kind-codes";
import type { GraphBatch, NodeKind } from "@/lib/graph/types";
import type { EvidencePath, NodeInfo } from "@/lib/findings/types";

export interface EscalationEdge {
  src: number;
  dst: number;
  method: string | null;
}

export interface ReachSummary {
  rows: RawReachRow[];
  credentials: number[];
  identities: number[];
}

/** Rows a finding shows as evidence; the rest are counted. */
export const EVIDENCE_PATHS = 5;

export class AnalysisContext {
  private readonly memo = new Map<number, ReachSummary>();
  private readonly byKind = new Map<NodeKind, NodeInfo[]>();
  private agentsByCredential?: Map<number, number[]>;
  private agentsByIdentity?: Map<number, number[]>;
  private primariesByCopy?: Map<number, number[]>;

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

  /** Reach from an agent / credential (access phase) or an identity, without paths; memoized. */
  reach(start: number, phase: ReachPhase = PHASE_ACCESS): ReachSummary {
    const key = start * 2 + phase;
    let summary = this.memo.get(key);
    if (!summary) {
      const result = computeReach(this.index, start, phase, { paths: false });
      summary = { rows: result.rows, credentials: result.credentials, identities: result.identities };
      this.memo.set(key, summary);
    }
    return summary;
  }

  /** The worst rows (by reach order) matching `keep`, with their paths, as evidence. */
  evidenceRows(start: number, phase: ReachPhase, keep: (row: RawReachRow) => boolean, limit = EVIDENCE_PATHS): EvidencePath[] {
    const rows = computeReach(this.index, start, phase).rows.filter(keep);
    return rows
      .map((row) => ({ row, resourceName: this.node(row.resource).name, viaName: row.via === null ? "" : this.node(row.via).name, class: row.class, holds: row.holds, action: row.action }))
      .sort(compareReachRows)
      .slice(0, limit)
      .map(({ row }) => this.toEvidence(row.path, row));
  }

  /** The path from an agent to one credential or identity it reaches. */
  evidencePathTo(start: number, target: number, phase: ReachPhase): EvidencePath {
    const result = computeReach(this.index, start, PHASE_ACCESS, { paths: false });
    return this.toEvidence(result.pathTo(target, phase));
  }

  toEvidence(path: RawReachPath, row?: RawReachRow): EvidencePath {
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
        const list = map.get(id) ?? [];
        list.push(agent.id);
        map.set(id, list);
      }
    }
    return map;
  }

  /** Credentials some agent can read, in key order. */
  agentReadableCredentials(): NodeInfo[] {
    return this.nodesOfKind("credential").filter((c) => this.agentsReachingCredential(c.id).length > 0);
  }

  /** Resources and copies a start can destroy (D1 or D2, containment included). */
  destroyable(start: number, phase: ReachPhase = PHASE_ACCESS): Set<number> {
    return new Set(this.reach(start, phase).rows.filter((r) => r.class === "D1" || r.class === "D2").map((r) => r.resource));
  }

  /** What dies with a resource. */
  closure(resource: number): Set<number> {
    return new Set(closureOf(this.index, resource).nodes);
  }

  /**
   * Recovery copies of a resource: its `recovered_by` targets, plus copies stored in it that no other
   * resource claims as its own.
   */
  copiesOf(resource: number): number[] {
    if (!this.primariesByCopy) {
      this.primariesByCopy = new Map();
      this.forEachEdge(CODE.recoveredBy, (src, dst) => this.primariesByCopy!.set(dst, [...(this.primariesByCopy!.get(dst) ?? []), src]));
    }
    const copies = new Set<number>();
    this.forEachEdgeFrom(resource, (kind, dst) => {
      if (kind === CODE.recoveredBy) copies.add(dst);
      if (kind === STORED_IN_REVERSED && !this.primariesByCopy!.has(dst)) copies.add(dst);
    });
    return [...copies].sort((a, b) => a - b);
  }

  /** Resources with at least one recovery copy. */
  primaries(): NodeInfo[] {
    return this.nodesOfKind("resource").filter((r) => this.copiesOf(r.id).length > 0);
  }

  /** Resources some identity may destroy outright (D1 `can` edge). */
  d1Targets(): Set<number> {
    const targets = new Set<number>();
    const { offsets, kind, flags, dst } = this.index;
    for (let node = 0; node < this.index.nodeCount; node++) {
      for (let e = offsets[node]; e < offsets[node + 1]; e++) if (kind[e] === CODE.can && (flags[e] & 0b111) === 1) targets.add(dst[e]);
    }
    return targets;
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
