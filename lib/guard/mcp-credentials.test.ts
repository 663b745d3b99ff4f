import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpusEstate, type CorpusEstate } from "@/lib/guard/corpus/run-corpus";
import { mcpServerCredentials } from "@/lib/guard/mcp-credentials";
import { runGuardHook } from "@/lib/guard/run-hook";
import type { GuardSnapshot } from "@/lib/guard/snapshot";
import { DEMO_FINGERPRINT_KEY } from "@/lib/guard/testing/demo-snapshot";
import { mcpPayload } from "@/lib/guard/testing/hook-payloads";
import type { GuardAgent } from "@/lib/guard/types";

const PROJECT_TOKEN = "b".repeat(64);
const VOLUME_DELETE = { server: "railway", tool: "volume_delete", input: { volumeId: "v1" } };

let estate: CorpusEstate;
beforeAll(async () => {
  estate = await loadCorpusEstate();
}, 60_000);

const serversOf = (snapshot: GuardSnapshot, kind: string) => snapshot.agents.find((a) => a.kind === kind)?.mcpServers ?? [];

/** The demo estate, with Cursor's Railway MCP server configured with a project token that can delete nothing. */
function withProjectTokenServer(): GuardSnapshot {
  const snapshot = structuredClone(estate.snapshot);
  snapshot.credentials[PROJECT_TOKEN] = {
    key: "credential:railway:project",
    provider: "railway",
    kind: "project-token",
    preview: "0b1e…7a11",
    foundIn: [`${estate.storefront}/.cursor/mcp.json`],
    identity: { key: "identity:railway:project", name: "Railway project storefront" },
    assumed: false,
    reach: [],
    reachTruncated: false,
    backupsDie: false,
    gates: [],
  };
  for (const server of serversOf(snapshot, "cursor")) server.credentials = [PROJECT_TOKEN];
  return snapshot;
}

function runMcp(agent: GuardAgent, snapshot: GuardSnapshot, call = VOLUME_DELETE) {
  return runGuardHook({
    agent,
    stdin: JSON.stringify(mcpPayload(agent, call, { cwd: estate.storefront })),
    env: estate.env,
    cwd: estate.storefront,
    snapshot,
    fingerprintKey: DEMO_FINGERPRINT_KEY,
    log: false,
  });
}

describe("MCP calls are decided with the credentials of the server they go to", () => {
  it("Cursor's Railway server (named by the command it runs): its token, from its config file only", async () => {
    const result = await runMcp("cursor", estate.snapshot);
    expect(result.decision.verdict).toBe("approval");
    expect(result.decision.reason).toBe(
      "volumeDelete (D1) with the Railway account token fa4e…cafe from .cursor/mcp.json: it can delete every volume this token can see, and their backups die with them. Approval required: a person can run it, or allow it in the guard policy (.blastmap/guard-policy.json).",
    );
  });

  it("a server configured with a project token is not blamed for the account token the agent can also reach", async () => {
    const result = await runMcp("cursor", withProjectTokenServer());
    expect(result.decision.verdict).toBe("allow");
    expect(result.decision.reason).toContain("with the Railway project token 0b1e…7a11 (acts as Railway project storefront) from .cursor/mcp.json: the posture graph says this credential cannot volumeDelete");
  });

  it("a server the snapshot does not list: the worst credential of its provider the agent reaches, and the reason says so", async () => {
    const result = await runMcp("claude-code", withProjectTokenServer());
    expect(result.decision.verdict).toBe("approval");
    expect(result.decision.reason).toContain("The snapshot does not list the railway MCP server, so the worst railway credential this agent can reach is assumed.");
    expect(result.decision.reason).toMatch(/account token (fa4e…cafe|dead…fa4e)/);
  });
});

describe("mcpServerCredentials", () => {
  const server = (endpoint: string): GuardSnapshot => {
    const snapshot = structuredClone(estate.snapshot);
    for (const s of serversOf(snapshot, "cursor")) s.endpoint = endpoint;
    return snapshot;
  };

  it("matches Cursor's URL by origin and path, and a command whatever its spacing", () => {
    const remote = server("https://mcp.railway.com/v1/");
    expect(mcpServerCredentials(remote, "cursor", { server: "x", endpoint: "https://mcp.railway.com/v1/sse" }).credentials).toHaveLength(1);
    expect(mcpServerCredentials(remote, "cursor", { server: "x", endpoint: "https://evil.example/v1/" }).credentials).toHaveLength(0);
    expect(mcpServerCredentials(estate.snapshot, "cursor", { server: "x", endpoint: "npx  -y   @railway/mcp-server" }).credentials.map((c) => c.preview)).toEqual(["fa4e…cafe"]);
  });

  it("an unknown server of no known provider has no credentials", () => {
    expect(mcpServerCredentials(estate.snapshot, "cursor", { server: "notes" })).toEqual({ credentials: [] });
  });
});
