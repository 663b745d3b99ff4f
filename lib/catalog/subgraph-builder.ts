/**
 * Builds the subgraph a credential's kind implies: the identity it authenticates as, the worst-case `can`
 * edges of its kind (props.assumed = true, because the real scope cannot be learned offline), and the
 * containment that says what dies with a resource (backups stored inside a volume die with it).
 */
import type { ActionClass, GraphEdge, GraphNode, NodeKind, NodeRef } from "@/lib/graph/types";
import { tokenOwnerIdentityKey, tokenVisibleResourceKey } from "@/lib/graph/keys";

export interface CatalogAction {
  action: string;
  class: ActionClass;
}

export class SubgraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  private readonly seen = new Set<string>();

  /**
   * `tokenLabel` (the credential's redacted preview) is added to the names of the token's assumed
   * identity and resources: two tokens of one kind otherwise give nodes, and findings, of the same name.
   */
  constructor(
    readonly credential: NodeRef,
    readonly credentialKey: string,
    readonly tokenLabel = "",
  ) {}

  private named(name: string): string {
    return this.tokenLabel ? `${name} (${this.tokenLabel})` : name;
  }

  node(kind: NodeKind, key: string, name: string, props: Record<string, unknown> = {}, ref = false): NodeRef {
    const id = `${kind}\u0000${key}`;
    if (!this.seen.has(id)) {
      this.seen.add(id);
      this.nodes.push({ kind, key, name, props, ...(ref ? { ref: true } : {}) });
    }
    return { kind, key };
  }

  edge(kind: GraphEdge["kind"], src: NodeRef, dst: NodeRef, props: Record<string, unknown> = {}): void {
    this.edges.push({ kind, src, dst, props });
  }

  /** "Whoever this token is": the owner cannot be learned offline, so it is keyed by the credential. */
  tokenOwner(provider: string, name: string): NodeRef {
    const identity = this.node("identity", tokenOwnerIdentityKey(provider, this.credentialKey), this.named(name), { provider, tokenOwner: true, assumed: true });
    this.authenticatesAs(identity, true);
    return identity;
  }

  authenticatesAs(identity: NodeRef, assumed: boolean): void {
    this.edge("authenticates_as", this.credential, identity, assumed ? { assumed: true } : {});
  }

  /** "Every <type> this token can see": the resource set the worst case applies to. */
  visible(provider: string, type: string, name: string, props: Record<string, unknown> = {}): NodeRef {
    return this.node("resource", tokenVisibleResourceKey(provider, type, this.credentialKey), this.named(name), { provider, type, tokenVisible: true, ...props });
  }

  /** Worst-case actions of the credential's kind. */
  can(identity: NodeRef, resource: NodeRef, actions: readonly CatalogAction[], note?: string): void {
    for (const a of actions) {
      this.edge("can", identity, resource, { action: a.action, class: a.class, assumed: true, ...(note ? { note } : {}) });
    }
  }

  contains(parent: NodeRef, child: NodeRef): void {
    this.edge("contains", parent, child);
  }

  /** A recovery copy that lives inside the resource it protects: deleting the resource deletes it too. */
  recoveryInside(resource: NodeRef, key: string, name: string, props: Record<string, unknown> = {}): NodeRef {
    const copy = this.node("recovery_copy", key, this.named(name), { storedInside: true, ...props });
    this.edge("recovered_by", resource, copy);
    this.edge("stored_in", copy, resource);
    return copy;
  }

  build(): { nodes: GraphNode[]; edges: GraphEdge[] } {
    return { nodes: this.nodes, edges: this.edges };
  }
}
