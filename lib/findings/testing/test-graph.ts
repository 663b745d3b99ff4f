/**
 * A tiny builder of hand-written graphs for rule tests: nodes by kind and key, edges between them, and
 * the common chain agent → file → credential → identity in one call.
 */
import { analysisContextFromBatch, type AnalysisContext } from "@/lib/findings/context";
import type { FindingDraft, FindingRule } from "@/lib/findings/types";
import type { ActionClass, GraphBatch, GraphEdge, GraphNode, NodeKind, NodeRef } from "@/lib/graph/types";

export class TestGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges: GraphEdge[] = [];

  node(kind: NodeKind, key: string, props: Record<string, unknown> = {}, name = key): NodeRef {
    this.nodes.set(`${kind}:${key}`, { kind, key, name, props });
    return { kind, key };
  }

  edge(kind: GraphEdge["kind"], src: NodeRef, dst: NodeRef, props: Record<string, unknown> = {}): this {
    this.edges.push({ kind, src, dst, props });
    return this;
  }

  can(identity: NodeRef, resource: NodeRef, action: string, cls: ActionClass, extra: Record<string, unknown> = {}): this {
    return this.edge("can", identity, resource, { action, class: cls, ...extra });
  }

  /** agent ─can_read→ file ─contains→ credential ─authenticates_as→ identity; returns the three refs. */
  chain(agent: NodeRef, file: string, credential: string, identity: string, credProps: Record<string, unknown> = {}) {
    const f = this.node("file", file);
    const c = this.node("credential", credential, credProps);
    const i = this.node("identity", identity);
    this.edge("can_read", agent, f).edge("contains", f, c).edge("authenticates_as", c, i);
    return { file: f, credential: c, identity: i };
  }

  batch(): GraphBatch {
    return { collector: "test", nodes: [...this.nodes.values()], edges: this.edges };
  }

  context(now?: Date): AnalysisContext {
    return analysisContextFromBatch(this.batch(), now);
  }

  run(rule: FindingRule, now?: Date): FindingDraft[] {
    return rule.evaluate(this.context(now));
  }
}
