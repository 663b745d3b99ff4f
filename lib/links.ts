/**
 * Where each thing the product names opens: one place, so a finding's subject, a path chip, a credential
 * row and a sweep-diff row lead to the same page. Ids are the nodes' numeric ids; natural keys (what
 * findings and sweep diffs keep, since ids change when a node is pruned and reported again) go through
 * /open, which finds the node and sends the browser on.
 */
import { NODE_KINDS, type NodeKind } from "@/lib/graph/types";

/** The page of a node by id: its own page when it has one, else the explorer focused on it. */
export function nodeHref(kind: NodeKind | string, id: number): string {
  switch (kind) {
    case "agent":
      return `/agents/${id}`;
    case "resource":
    case "recovery_copy":
      return `/resources/${id}`;
    case "credential":
      return `/credentials/${id}`;
    default:
      return graphFocusHref(id);
  }
}

/** The page of a node named by its natural key (kind + key): resolved on the server by /open. */
export function subjectHref(kind: NodeKind | string, key: string): string {
  return `/open?${new URLSearchParams({ kind, key }).toString()}`;
}

/**
 * The page of a node known only by its display name (sweep diffs keep names for reach rows): /open picks
 * the node when the name is unique, else the kind's list.
 */
export function namedHref(kind: NodeKind | string, name: string): string {
  return `/open?${new URLSearchParams({ kind, name }).toString()}`;
}

/** The explorer, centred on one node with its neighbours. */
export function graphFocusHref(id: number): string {
  return `/graph?focus=${id}`;
}

/** The explorer showing everything an agent reaches. */
export function graphAgentHref(agentId: number): string {
  return `/graph?agent=${agentId}`;
}

/** The explorer drawing only these kinds (every other kind hidden, kinds added later too) and the edges between them. */
export function graphOfKindsHref(kinds: readonly NodeKind[]): string {
  return `/graph?hide=${NODE_KINDS.filter((k) => !kinds.includes(k)).join(",")}`;
}
