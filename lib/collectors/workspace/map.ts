/**
 * Pure mapping from discovered agents, the readable folders and the credentials found, to a GraphBatch:
 * agent --can_read--> workspace --contains--> (workspace)* --contains--> file --contains--> credential,
 * agent --configured_with--> mcp_server --configured_with--> credential, agent --gated_by--> approval_gate.
 * No secret value reaches this module: credentials arrive as FoundCredentials.
 */
import path from "node:path";
import { credentialNode, credentialNodeKey, credentialSubgraph } from "@/lib/catalog/credential-graph";
import type { FoundCredential } from "@/lib/credentials/types";
import { agentKey, approvalGateKey, fileKey, mcpServerKey, workspaceKey } from "@/lib/graph/keys";
import type { CollectorWarning, GraphBatch, GraphEdge, GraphNode, NodeRef } from "@/lib/graph/types";
import { findIneffectiveDenies } from "./agents/context";
import type { LinkResult } from "./link-credentials";
import { redactRule } from "./redact-config-text";
import type { AgentSpec, McpServerSpec } from "./types";

/** Why an agent can read a folder. */
export interface ReadGrant {
  dir: string;
  reason: string;
}

export interface MapInput {
  machine: string;
  roots: string[];
  home?: string;
  agents: AgentSpec[];
  /** Per agent (same order): the folders it can read. */
  reads: ReadGrant[][];
  linked: LinkResult;
  warnings: CollectorWarning[];
}

/** Modes in which a person confirms risky actions before they run. */
const GATED_MODES = new Set(["default", "ask", "accept-edits", "plan", "deny-unlisted", "on-request", "untrusted", "on-failure"]);

export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/**
 * The deepest folder in `dirs` that holds `target` (excluding `target` itself when `strict`): found by walking
 * up from the target, so a root holding hundreds of projects costs each file its depth, not the folder count.
 */
function deepestContaining(target: string, dirs: ReadonlySet<string>, strict: boolean): string | undefined {
  let current = strict ? path.dirname(target) : target;
  for (;;) {
    if (dirs.has(current) && !(strict && current === target)) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

class BatchBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();

  node(node: GraphNode): NodeRef {
    const id = `${node.kind}\u0000${node.key}`;
    const seen = this.nodes.get(id);
    // A full node wins over a ref to the same thing; otherwise the first one stays.
    if (!seen || (seen.ref && !node.ref)) this.nodes.set(id, node);
    return { kind: node.kind, key: node.key };
  }

  edge(edge: GraphEdge): void {
    const action = typeof edge.props?.action === "string" ? edge.props.action : "";
    const id = [edge.kind, edge.src.kind, edge.src.key, edge.dst.kind, edge.dst.key, action].join("\u0000");
    const seen = this.edges.get(id);
    if (!seen) {
      this.edges.set(id, edge);
      return;
    }
    // Merge the list-valued props of repeated edges (a file holding the same credential on two lines).
    const merged = { ...(seen.props ?? {}) } as Record<string, unknown>;
    for (const [key, value] of Object.entries(edge.props ?? {})) {
      const before = merged[key];
      if (Array.isArray(before) && Array.isArray(value)) merged[key] = [...new Set([...before, ...value])];
      else if (before === undefined) merged[key] = value;
    }
    seen.props = merged;
  }

  build(collector: string, warnings: CollectorWarning[]): GraphBatch {
    return { collector, nodes: [...this.nodes.values()], edges: [...this.edges.values()], warnings };
  }
}

/** A key in the URL path (some hosted MCP servers put it there): keep only the origin. */
function maskUrlPath(url: string): string {
  try {
    return `${new URL(url).origin}/<redacted>`;
  } catch {
    return "<redacted>";
  }
}

function serverProps(server: McpServerSpec, linked: LinkResult["agents"][number]["servers"][number]) {
  const masked = new Set(linked.secretPaths);
  const args = server.args.map((arg, index) => (masked.has(`args[${index}]`) ? "<redacted>" : arg));
  const url = server.url && masked.has("url") ? maskUrlPath(server.url) : server.url;
  return {
    transport: server.transport,
    command: server.command ?? null,
    args,
    url: url ?? null,
    configFile: server.file,
    line: server.line,
    disabled: server.disabled ?? false,
    exposedDirs: server.exposedDirs,
    // Named by the config, supplied at run time (shell environment, prompt, secret store): not a credential node.
    runtimeSecrets: linked.runtimeSecrets,
    ...(server.toolApproval ? { toolApproval: server.toolApproval } : {}),
    ...(server.headersHelper ? { headersHelper: server.headersHelper } : {}),
  };
}

export function mapWorkspace(input: MapInput): GraphBatch {
  const { machine } = input;
  const builder = new BatchBuilder();
  const credentialsByFingerprint = new Map(input.linked.credentials.map((credential) => [credential.fingerprint, credential]));

  // ── Workspaces: roots, the home folder, and every folder some agent reads.
  const roles = new Map<string, string>();
  for (const root of input.roots) roles.set(root, "project");
  if (input.home) roles.set(input.home, "home");
  for (const grants of input.reads) for (const grant of grants) if (!roles.has(grant.dir)) roles.set(grant.dir, "extra");
  const workspaceDirs = [...roles.keys()];
  const workspaceDirSet = new Set(workspaceDirs);
  const workspaceRef = (dir: string) =>
    builder.node({
      kind: "workspace",
      key: workspaceKey(machine, dir),
      name: dir === input.home ? `~ (${machine})` : path.basename(dir) || dir,
      props: { path: dir, machine, role: roles.get(dir) },
    });
  for (const dir of workspaceDirs) {
    const parent = deepestContaining(dir, workspaceDirSet, true);
    if (parent) builder.edge({ kind: "contains", src: workspaceRef(parent), dst: workspaceRef(dir), props: {} });
    else workspaceRef(dir);
  }

  // ── Files: agent configs and every file that holds a credential.
  const configFiles = new Set(input.agents.flatMap((agent) => agent.configFiles));
  const fileRef = (file: string) => {
    const ref = builder.node({
      kind: "file",
      key: fileKey(machine, file),
      name: input.home && isInside(file, input.home) ? `~/${path.relative(input.home, file)}` : file,
      props: { path: file, machine, agentConfig: configFiles.has(file) },
    });
    const dir = deepestContaining(file, workspaceDirSet, false);
    if (dir) builder.edge({ kind: "contains", src: workspaceRef(dir), dst: ref, props: {} });
    return ref;
  };
  for (const file of configFiles) fileRef(file);

  // ── Credentials, where they are, and what they imply (identity, worst-case actions, backups).
  const credentialRef = (credential: FoundCredential) => {
    builder.node(credentialNode(credential));
    const sub = credentialSubgraph(credential);
    sub.nodes.forEach((node: GraphNode) => builder.node(node));
    sub.edges.forEach((edge: GraphEdge) => builder.edge(edge));
    return { kind: "credential" as const, key: credentialNodeKey(credential) };
  };
  for (const credential of input.linked.credentials) {
    const ref = credentialRef(credential);
    for (const location of credential.locations) {
      builder.edge({
        kind: "contains",
        src: fileRef(location.file),
        dst: ref,
        props: { lines: [location.line], ...(location.envVar ? { envVars: [location.envVar] } : {}) },
      });
    }
  }
  const linkTo = (src: NodeRef, link: LinkResult["agents"][number]["links"][number]) => {
    const credential = credentialsByFingerprint.get(link.fingerprint);
    if (!credential) return;
    builder.edge({
      kind: "configured_with",
      src,
      dst: credentialRef(credential),
      props: { via: link.via, ...(link.resolvedFrom ? { resolvedFrom: link.resolvedFrom } : {}), ...(link.inferred ? { inferred: true } : {}) },
    });
  };

  // ── Agents, their MCP servers, approval gates and what they can read.
  input.agents.forEach((agent, index) => {
    const key = agentKey(machine, agent.kind, agent.scope);
    const linked = input.linked.agents[index];
    const ref = builder.node({
      kind: "agent",
      key,
      name: agent.name,
      props: {
        agentKind: agent.kind,
        machine,
        configFiles: agent.configFiles,
        approvalMode: agent.approvalMode,
        unrestrictedShell: agent.unrestrictedShell,
        readsHome: agent.readsHome,
        sandbox: agent.sandbox,
        // Rules may quote whole commands, tokens included: shown word by word, like any config text.
        rules: { allow: agent.rules.allow.map(redactRule), ask: agent.rules.ask.map(redactRule), deny: agent.rules.deny.map(redactRule) },
        ineffectiveDenies: findIneffectiveDenies(agent.rules.deny, agent.unrestrictedShell).map(redactRule),
        workspaceRoot: agent.workspaceRoot ?? null,
        additionalDirectories: agent.additionalDirectories,
        runtimeSecrets: linked.runtimeSecrets,
        // Every agent says where its pre-call enforcement lives, even when nowhere.
        preCallHooks: [],
        ...agent.extra,
      },
    });
    for (const grant of input.reads[index]) {
      builder.edge({ kind: "can_read", src: ref, dst: workspaceRef(grant.dir), props: { reason: grant.reason } });
    }
    agent.mcpServers.forEach((server, serverIndex) => {
      const serverLinks = linked.servers[serverIndex];
      const serverRef = builder.node({
        kind: "mcp_server",
        key: mcpServerKey(key, server.name),
        name: server.name,
        props: serverProps(server, serverLinks),
      });
      builder.edge({ kind: "configured_with", src: ref, dst: serverRef, props: {} });
      for (const link of serverLinks.links) linkTo(serverRef, link);
    });
    for (const link of linked.links) linkTo(ref, link);
    if (GATED_MODES.has(agent.approvalMode)) {
      const gate = builder.node({
        kind: "approval_gate",
        key: approvalGateKey(key, agent.approvalMode),
        name: `${agent.name}: ${agent.approvalMode} approval`,
        props: {
          mode: agent.approvalMode,
          ask: agent.rules.ask.map(redactRule),
          // A shell allowed wholesale runs without asking, whatever the mode says.
          shellAutoApproved: agent.extra.shellAutoApproved === true,
        },
      });
      builder.edge({ kind: "gated_by", src: ref, dst: gate, props: {} });
    }
  });

  return builder.build("workspace", input.warnings);
}
