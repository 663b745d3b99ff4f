/**
 * The credentials an MCP call authenticates with: those of the MCP server it goes to, as the posture graph
 * knows it (agent --configured_with--> mcp_server --configured_with--> credential, written into the
 * snapshot's `agents[].mcpServers`). WHY per server: a Railway MCP server configured with a project token
 * cannot do what the account token in some script can; deciding with every Railway credential the agent
 * can reach would block the project token's harmless calls and name the wrong token in the reason.
 *
 * The call names its server by the name the agent's config gives it (`mcp__railway__volume_delete`), or,
 * for Cursor, by the command or URL the server runs at. A server the snapshot does not list falls back to
 * the agent's credentials of the server's provider, and says so.
 */
import type { ResolvedCredential } from "@/lib/guard/resolve-credentials";
import type { GuardSnapshot, SnapshotMcpServer } from "@/lib/guard/snapshot";
import type { GuardAgent } from "@/lib/guard/types";

export type { SnapshotMcpServer };

export interface McpTarget {
  server: string;
  /** Cursor: the command or URL the server runs at. */
  endpoint?: string;
  provider?: string;
}

export interface McpCredentials {
  credentials: ResolvedCredential[];
  /** Said in the reason when the server's own credentials are not known. */
  note?: string;
}

const squash = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

function sameEndpoint(a: string, b: string): boolean {
  const x = squash(a);
  const y = squash(b);
  if (x === y) return true;
  try {
    const u = new URL(x);
    const v = new URL(y);
    return u.origin === v.origin && (u.pathname.startsWith(v.pathname) || v.pathname.startsWith(u.pathname));
  } catch {
    // Commands: the snapshot's may carry masked arguments after the package; compare what both have.
    return x.startsWith(y) || y.startsWith(x);
  }
}

function serversOf(snapshot: GuardSnapshot, agent: GuardAgent): SnapshotMcpServer[] {
  const agents = snapshot.agents.filter((a) => a.kind === agent);
  return (agents.length > 0 ? agents : snapshot.agents).flatMap((a) => a.mcpServers);
}

export function mcpServerCredentials(snapshot: GuardSnapshot, agent: GuardAgent, target: McpTarget): McpCredentials {
  const servers = serversOf(snapshot, agent);
  const server =
    servers.find((s) => s.name.toLowerCase() === target.server.toLowerCase()) ??
    (target.endpoint ? servers.find((s) => s.endpoint && sameEndpoint(s.endpoint, target.endpoint as string)) : undefined);
  if (server) {
    const credentials = server.credentials.flatMap((fp): ResolvedCredential[] => {
      const c = snapshot.credentials[fp];
      if (!c) return [];
      const file = server.configFile ?? undefined;
      return [{ fingerprint: fp, snapshot: c, preview: c.preview, provider: c.provider, kind: c.kind, source: { how: `the ${server.name} MCP server's configuration`, file }, foundIn: file ? [file] : c.foundIn, implicit: true }];
    });
    return { credentials };
  }
  if (!target.provider) return { credentials: [] };
  // Unknown server: what this agent can reach of its provider, worst case.
  const agentFps = new Set(snapshot.agents.filter((a) => a.kind === agent).flatMap((a) => a.credentials));
  const credentials = Object.entries(snapshot.credentials)
    .filter(([fp, c]) => c.provider === target.provider && (agentFps.size === 0 || agentFps.has(fp)))
    .map(([fp, c]): ResolvedCredential => ({ fingerprint: fp, snapshot: c, preview: c.preview, provider: c.provider, kind: c.kind, source: { how: `a ${target.provider} credential this agent can reach` }, foundIn: c.foundIn, implicit: true }));
  return {
    credentials,
    note: credentials.length > 0 ? `The snapshot does not list the ${target.server.slice(0, 40)} MCP server, so the worst ${target.provider} credential this agent can reach is assumed.` : undefined,
  };
}
