/**
 * A guard snapshot of the demo estate for tests, built from the workspace collector's batch without a
 * database: each credential's identity, the `can` edges of that identity (D1–D5) and what is stored in
 * each resource. Paths stay the estate's real ones (no alias), so the hook sees the files where they are.
 */
import { workspaceCollector } from "@/lib/collectors/workspace";
import { silentContext } from "@/lib/collectors/types";
import { demoWorkspaceConfig } from "@/lib/demo";
import { DESTRUCTIVE_CLASSES, type ActionClass } from "@/lib/graph/types";
import { fingerprintKeyId, type GuardSnapshot, type SnapshotCredential, type SnapshotMcpServer } from "@/lib/guard/snapshot";

export const DEMO_FINGERPRINT_KEY = Buffer.from("guard-corpus-fingerprint-key-0123456789abcdef");

export async function buildDemoSnapshot(): Promise<{ snapshot: GuardSnapshot; storefront: string; home: string }> {
  const config = { ...demoWorkspaceConfig(), pathAlias: undefined };
  const batch = await workspaceCollector.collect(config, silentContext(DEMO_FINGERPRINT_KEY));
  const nameOf = (key: string) => batch.nodes.find((n) => n.key === key)?.name ?? key;
  const credentials: Record<string, SnapshotCredential> = {};
  for (const node of batch.nodes.filter((n) => n.kind === "credential")) {
    const props = node.props as Record<string, unknown>;
    const auth = batch.edges.find((e) => e.kind === "authenticates_as" && e.src.key === node.key);
    const identityKey = auth?.dst.key;
    const reach = batch.edges
      .filter((e) => e.kind === "can" && e.src.key === identityKey && DESTRUCTIVE_CLASSES.includes(e.props?.class as ActionClass))
      .map((e) => ({
        action: String(e.props?.action),
        class: e.props?.class as "D1",
        resource: { key: e.dst.key, kind: e.dst.kind, name: nameOf(e.dst.key) },
        dies: batch.edges.filter((s) => s.kind === "stored_in" && s.dst.key === e.dst.key).map((s) => nameOf(s.src.key)),
      }));
    credentials[String(props.fingerprint)] = {
      key: node.key,
      provider: String(props.provider),
      kind: String(props.kind),
      preview: String(props.preview),
      foundIn: ((props.locations as { file: string }[]) ?? []).map((l) => l.file),
      identity: identityKey ? { key: identityKey, name: nameOf(identityKey) } : null,
      assumed: Boolean(auth?.props?.assumed),
      reach,
      reachTruncated: false,
      backupsDie: reach.some((r) => r.dies.length > 0),
      gates: [],
    };
  }
  const fingerprintOf = (key: string) => String((batch.nodes.find((n) => n.key === key)?.props as Record<string, unknown> | undefined)?.fingerprint ?? "");
  const mcpServersOf = (agentKey: string): SnapshotMcpServer[] =>
    batch.edges
      .filter((e) => e.kind === "configured_with" && e.src.key === agentKey)
      .map((e) => batch.nodes.find((n) => n.key === e.dst.key))
      .filter((n) => n?.kind === "mcp_server")
      .map((server) => {
        const props = (server?.props ?? {}) as { command?: string | null; args?: string[]; url?: string | null; configFile?: string };
        return {
          key: server!.key,
          name: server!.name,
          endpoint: props.url ?? ([props.command, ...(props.args ?? [])].filter(Boolean).join(" ") || null),
          configFile: props.configFile ?? null,
          credentials: batch.edges.filter((c) => c.kind === "configured_with" && c.src.key === server!.key && c.dst.kind === "credential").map((c) => fingerprintOf(c.dst.key)),
        };
      });
  const agents = batch.nodes
    .filter((n) => n.kind === "agent")
    .map((a) => ({ key: a.key, name: a.name, kind: String(a.props?.agentKind ?? "unknown"), workspaceRoots: config.roots, credentials: Object.keys(credentials), gates: [], mcpServers: mcpServersOf(a.key) }));
  return {
    snapshot: { version: 1, createdAt: new Date(0).toISOString(), source: "local", fingerprintKeyId: fingerprintKeyId(DEMO_FINGERPRINT_KEY), credentials, agents },
    storefront: config.roots[0],
    home: config.home as string,
  };
}
