/**
 * Pure mapping from a validated inventory to the graph. The key mapping here is the one documented in
 * inventory.schema.json; an item with a verbatim `key` becomes a ref node so it joins another collector's node.
 */
import type { GraphBatch, GraphEdge, GraphNode, NodeRef } from "@/lib/graph/types";
import {
  awsAccessKeyCredentialKey,
  awsArnKey,
  credentialKeyFromFingerprint,
  providerApprovalGateKey,
  providerCredentialKey,
  providerIdentityKey,
  providerResourceKey,
} from "@/lib/graph/keys";
import type { Inventory } from "@/lib/collectors/inventory/schema";

type Keyed = { id: string; provider: string; type: string; key?: string };

/** The natural key of an identity or resource: an ARN joins the AWS collector, anything else is provider:type:id. */
export function inventoryItemKey(item: Keyed, kind: "identity" | "resource" | "recovery_copy"): string {
  if (item.key) return item.key;
  if (item.provider === "aws" && item.id.startsWith("arn:")) return awsArnKey(item.id);
  return kind === "identity" ? providerIdentityKey(item.provider, item.type, item.id) : providerResourceKey(item.provider, item.type, item.id);
}

export function inventoryCredentialKey(credential: NonNullable<Inventory["credentials"]>[number]): string {
  if (credential.key) return credential.key;
  if (credential.accessKeyId) return awsAccessKeyCredentialKey(credential.accessKeyId);
  if (credential.fingerprint) return credentialKeyFromFingerprint(credential.fingerprint);
  return providerCredentialKey(credential.provider, credential.id);
}

/** Expects an inventory that passed `inventorySchema` and `checkInventoryReferences`. */
export function mapInventory(inventory: Inventory): GraphBatch {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const identityRefs = new Map<string, NodeRef>();
  const resourceRefs = new Map<string, NodeRef>();
  const resourceNodes = new Map<string, GraphNode>();

  for (const identity of inventory.identities ?? []) {
    const ref: NodeRef = { kind: "identity", key: inventoryItemKey(identity, "identity") };
    identityRefs.set(identity.id, ref);
    nodes.push({
      ...ref,
      name: identity.name ?? identity.id,
      props: { ...identity.props, provider: identity.provider, type: identity.type, inventoryId: identity.id },
      ...(identity.key ? { ref: true } : {}),
    });
  }
  for (const identity of inventory.identities ?? []) {
    const src = identityRefs.get(identity.id)!;
    for (const target of identity.memberOf ?? []) edges.push({ kind: "member_of", src, dst: identityRefs.get(target)!, props: {} });
    for (const target of identity.canAssume ?? []) edges.push({ kind: "can_assume", src, dst: identityRefs.get(target)!, props: {} });
  }

  for (const resource of inventory.resources ?? []) {
    const ref: NodeRef = { kind: "resource", key: inventoryItemKey(resource, "resource") };
    resourceRefs.set(resource.id, ref);
    const node: GraphNode = {
      ...ref,
      name: resource.name ?? resource.id,
      props: { ...resource.props, provider: resource.provider, type: resource.type, inventoryId: resource.id },
      ...(resource.key ? { ref: true } : {}),
    };
    resourceNodes.set(resource.id, node);
    nodes.push(node);
  }
  for (const resource of inventory.resources ?? []) {
    if (!resource.parent) continue;
    const parent = resourceRefs.get(resource.parent)!;
    edges.push({ kind: "contains", src: parent, dst: resourceRefs.get(resource.id)!, props: {} });
    const node = resourceNodes.get(resource.id);
    if (node && !node.ref) node.props = { ...node.props, parent: parent.key };
  }

  for (const copy of inventory.recoveryCopies ?? []) {
    const ref: NodeRef = { kind: "recovery_copy", key: inventoryItemKey(copy, "recovery_copy") };
    nodes.push({
      ...ref,
      name: copy.name ?? copy.id,
      props: { ...copy.props, provider: copy.provider, type: copy.type, inventoryId: copy.id },
      ...(copy.key ? { ref: true } : {}),
    });
    edges.push({ kind: "recovered_by", src: resourceRefs.get(copy.of)!, dst: ref, props: {} });
    if (copy.storedIn) edges.push({ kind: "stored_in", src: ref, dst: resourceRefs.get(copy.storedIn)!, props: {} });
  }

  for (const permission of inventory.permissions ?? []) {
    for (const action of permission.actions) {
      edges.push({
        kind: "can",
        src: identityRefs.get(permission.identity)!,
        dst: resourceRefs.get(permission.resource)!,
        props: {
          action,
          class: permission.class,
          ...(permission.conditional ? { conditional: true } : {}),
          ...(permission.note ? { note: permission.note } : {}),
        },
      });
    }
  }

  for (const credential of inventory.credentials ?? []) {
    const ref: NodeRef = { kind: "credential", key: inventoryCredentialKey(credential) };
    const { id, key, authenticatesAs, name, accessKeyId, ...facts } = credential;
    nodes.push({
      ...ref,
      name: name ?? id,
      props: { ...facts, inventoryId: id, ...(accessKeyId ? { identity: { accessKeyId } } : {}) },
      ...(key ? { ref: true } : {}),
    });
    if (authenticatesAs) {
      edges.push({ kind: "authenticates_as", src: ref, dst: identityRefs.get(authenticatesAs)!, props: { assumed: false } });
    }
  }

  for (const gate of inventory.approvalGates ?? []) {
    const ref: NodeRef = { kind: "approval_gate", key: providerApprovalGateKey(gate.provider ?? "inventory", gate.id) };
    nodes.push({ ...ref, name: gate.name, props: { mode: gate.mode ?? null, actions: gate.actions ?? null, inventoryId: gate.id } });
    for (const identity of gate.appliesTo) {
      edges.push({ kind: "gated_by", src: identityRefs.get(identity)!, dst: ref, props: gate.actions ? { actions: gate.actions } : {} });
    }
  }

  return { collector: "inventory", nodes: dedupeNodes(nodes), edges: dedupeEdges(edges), warnings: [] };
}

/** Two inventory items may map to one key (the same ARN listed twice); the first wins. */
function dedupeNodes(nodes: GraphNode[]): GraphNode[] {
  const seen = new Map<string, GraphNode>();
  for (const node of nodes) if (!seen.has(`${node.kind}\u0000${node.key}`)) seen.set(`${node.kind}\u0000${node.key}`, node);
  return [...seen.values()];
}

function dedupeEdges(edges: GraphEdge[]): GraphEdge[] {
  const seen = new Map<string, GraphEdge>();
  for (const edge of edges) {
    const action = (edge.props as { action?: string } | undefined)?.action ?? "";
    const id = [edge.kind, edge.src.kind, edge.src.key, edge.dst.kind, edge.dst.key, action].join("\u0000");
    if (!seen.has(id)) seen.set(id, edge);
  }
  return [...seen.values()];
}
