/**
 * Synthetic posture-shaped estates for the reach benchmark: agents → workspaces → files → credentials →
 * identities (users) → roles (member_of, some can_assume chains and escalations) → `can` on resources,
 * with containment and recovery copies. Deterministic (seeded), sized by the number of edges wanted.
 * Fake values only: credentials carry made-up fingerprints, never a secret.
 */
import type { ActionClass, ValidGraphBatch } from "@/lib/graph/types";

type Node = ValidGraphBatch["nodes"][number];
type Edge = ValidGraphBatch["edges"][number];

const ACTIONS: { action: string; class: ActionClass }[] = [
  { action: "deleteDatabase", class: "D1" },
  { action: "deleteVolume", class: "D1" },
  { action: "deleteBackup", class: "D2" },
  { action: "shortenRetention", class: "D2" },
  { action: "deleteService", class: "D3" },
  { action: "grantRole", class: "D4" },
  { action: "write", class: "W" },
  { action: "deploy", class: "W" },
  { action: "configure", class: "W" },
  { action: "read", class: "R" },
  { action: "list", class: "R" },
  { action: "describe", class: "R" },
];
const RESOURCE_TYPES = ["database", "volume", "bucket", "service", "service", "service", "project", "queue", "cache", "topic"];

export interface EstateShape {
  agents: number;
  filesPerAgent: number;
  credentials: number;
  users: number;
  roles: number;
  resources: number;
  canPerRole: number;
}

/** A shape whose edge count is close to `edges` (1M → ~1.0M). */
export function shapeForEdges(edges: number): EstateShape {
  const scale = edges / 1_000_000;
  return {
    agents: Math.max(10, Math.round(200 * scale)),
    filesPerAgent: 200,
    credentials: Math.round(6_000 * scale),
    users: Math.round(4_000 * scale),
    roles: Math.max(20, Math.round(400 * scale)),
    resources: Math.round(100_000 * scale),
    canPerRole: 2_300,
  };
}

export function buildEstate(shape: EstateShape, seed = 1): ValidGraphBatch {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: fast and deterministic.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const pick = (n: number) => Math.floor(random() * n);
  /** Skewed towards low indexes: a few popular roles and shared credentials, a long tail. */
  const skewed = (n: number) => Math.floor(n * random() * random());

  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const node = (kind: Node["kind"], key: string, props: Record<string, unknown> = {}): Node => {
    const n: Node = { kind, key, name: key, props };
    nodes.push(n);
    return n;
  };
  const ref = (n: Node) => ({ kind: n.kind, key: n.key });
  const edge = (kind: Edge["kind"], src: Node, dst: Node, props: Record<string, unknown> = {}) => edges.push({ kind, src: ref(src), dst: ref(dst), props });

  const resources = Array.from({ length: shape.resources }, (_, i) =>
    node("resource", `bench:res:${i}`, { type: RESOURCE_TYPES[i % RESOURCE_TYPES.length], provider: "bench", account: `acct-${i % 7}` }),
  );
  // Containment: every 20th resource holds the next two; recovery copies for every 12th, half stored inside.
  for (let i = 0; i + 2 < resources.length; i += 20) {
    edge("contains", resources[i], resources[i + 1]);
    edge("contains", resources[i], resources[i + 2]);
  }
  for (let i = 0; i < resources.length; i += 12) {
    const copy = node("recovery_copy", `bench:copy:${i}`, { provider: "bench", account: `acct-${i % 7}` });
    edge("recovered_by", resources[i], copy);
    if (i % 24 === 0) edge("stored_in", copy, resources[i]);
  }

  const roles = Array.from({ length: shape.roles }, (_, i) => node("identity", `bench:role:${i}`, { type: "role" }));
  for (const role of roles) {
    for (let j = 0; j < shape.canPerRole; j++) {
      const a = ACTIONS[pick(ACTIONS.length)];
      edge("can", role, resources[pick(resources.length)], { action: a.action, class: a.class });
    }
  }
  for (let i = 0; i + 1 < roles.length; i += 10) edge("can_assume", roles[i], roles[i + 1]);
  for (let i = 5; i + 1 < roles.length; i += 40) edge("can_assume", roles[i], roles[0], { escalation: true, method: "iam:PassRole" });

  const users = Array.from({ length: shape.users }, (_, i) => node("identity", `bench:user:${i}`, { type: "user" }));
  for (const user of users) {
    const memberships = 1 + pick(3);
    for (let j = 0; j < memberships; j++) edge("member_of", user, roles[skewed(roles.length)]);
  }

  const credentials = Array.from({ length: shape.credentials }, (_, i) => {
    const props: Record<string, unknown> = { provider: "bench", kind: "api-token", preview: "fake…0000", fingerprint: `fake-${i}` };
    if (i % 5 === 0) props.purpose = "read metrics";
    if (i % 7 === 0) props.lastUsedAt = "2025-01-01T00:00:00Z";
    if (i % 11 === 0) props.expiresAt = null;
    return node("credential", `bench:cred:${i}`, props);
  });
  credentials.forEach((cred, i) => edge("authenticates_as", cred, users[i % users.length]));

  for (let a = 0; a < shape.agents; a++) {
    const root = `/home/dev${a}/project`;
    const agent = node("agent", `bench:agent:${a}`, { agentKind: "cursor", approvalMode: a % 3 === 0 ? "bypass" : "ask", workspaceRoot: root });
    const workspace = node("workspace", `bench:ws:${a}`);
    edge("can_read", agent, workspace);
    const files = 50 + pick(shape.filesPerAgent * 2 - 100);
    for (let f = 0; f < files; f++) {
      const file = node("file", `bench:file:${a}:${f}`);
      edge("contains", workspace, file);
      if (random() < 0.2) {
        const cred = credentials[skewed(credentials.length)];
        edge("contains", file, cred);
      }
    }
  }
  return { collector: "bench", nodes, edges, warnings: [] };
}
