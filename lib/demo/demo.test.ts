import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { workspaceCollector } from "@/lib/collectors/workspace";
import { silentContext } from "@/lib/collectors/types";
import type { GraphNode } from "@/lib/graph/types";
import { validateBatch } from "@/lib/graph/validate-batch";
import { demoEstatePath, demoWorkspaceConfig } from "./index";

const KEY = Buffer.from("demo-estate-test-fingerprint-key-0123456789");

/** Every fake secret written in the demo estate. */
const DEMO_SECRETS = [
  "fa4e0000-de00-4000-8000-00000000cafe", // the Railway token in Cursor's MCP config and the custom-domains script
  "deadbeef-de00-4000-8000-00000000fa4e", // the Railway CLI login
  "DEMO-fake-password-0000", // the storefront database password
];

describe("the demo estate", async () => {
  const config = demoWorkspaceConfig();
  const batch = await workspaceCollector.collect(config, silentContext(KEY));
  const nodes = (kind: GraphNode["kind"]) => batch.nodes.filter((node) => node.kind === kind);
  const credentials = nodes("credential");

  it("is a fake home with one project, on dana-laptop", () => {
    expect(config).toEqual({
      roots: [path.join(demoEstatePath(), "home", "dana", "projects", "storefront")],
      home: path.join(demoEstatePath(), "home", "dana"),
      machine: "dana-laptop",
      pathAlias: { from: path.join(demoEstatePath(), "home", "dana"), to: "/home/dana" },
    });
    // Each demo secret really is in the estate (so the "never in the batch" test below means something).
    const script = fs.readFileSync(path.join(config.roots[0], "scripts", "custom-domains.sh"), "utf8");
    expect(script).toContain(DEMO_SECRETS[0]);
    expect(fs.readFileSync(path.join(config.home!, ".railway", "config.json"), "utf8")).toContain(DEMO_SECRETS[1]);
    expect(fs.readFileSync(path.join(config.roots[0], ".env"), "utf8")).toContain(DEMO_SECRETS[2]);
  });

  it("collects into a valid batch without warnings", () => {
    expect(() => validateBatch(batch)).not.toThrow();
    expect(batch.warnings).toEqual([]);
  });

  it("finds Cursor with the Railway MCP server, and Claude Code with an ineffective .env deny", () => {
    const agents = nodes("agent");
    const cursor = agents.find((agent) => agent.props?.agentKind === "cursor")!;
    const claude = agents.find((agent) => agent.props?.agentKind === "claude-code")!;
    expect(cursor).toBeDefined();
    expect(claude.props).toMatchObject({ approvalMode: "bypass", unrestrictedShell: true });
    expect(claude.props?.ineffectiveDenies).toContain("Read(./.env)");
    const server = nodes("mcp_server").find((node) => node.name === "railway")!;
    expect(server.key).toContain(":cursor:");
    expect(batch.edges).toContainEqual(
      expect.objectContaining({ kind: "configured_with", src: { kind: "agent", key: cursor.key }, dst: { kind: "mcp_server", key: server.key } }),
    );
  });

  it("finds the Railway token in two places as ONE credential, configured into the MCP server", () => {
    const railway = credentials.filter((node) => node.props?.provider === "railway" && String(node.props?.preview).startsWith("fa4e"));
    expect(railway).toHaveLength(1);
    const locations = (railway[0].props?.locations as { file: string }[]).map((location) => path.basename(location.file)).sort();
    expect(locations).toEqual(["custom-domains.sh", "mcp.json"]);
    // Made for custom domains, used as an account token by the MCP server: the gap the product shows.
    expect(railway[0].props).toMatchObject({ kind: "account-token", purpose: expect.stringMatching(/custom.domains/i) });
    const server = nodes("mcp_server").find((node) => node.name === "railway")!;
    expect(batch.edges).toContainEqual(
      expect.objectContaining({ kind: "configured_with", src: { kind: "mcp_server", key: server.key }, dst: { kind: "credential", key: railway[0].key } }),
    );
  });

  it("finds the storefront Postgres URL and the Railway CLI login", () => {
    const postgres = credentials.find((node) => node.props?.provider === "postgres");
    expect(JSON.stringify(postgres?.props)).toContain("db.storefront.internal");
    expect(credentials.filter((node) => node.props?.provider === "railway")).toHaveLength(2);
  });

  it("lets Claude Code read the whole home folder, where ~/.railway/config.json lives", () => {
    const claude = nodes("agent").find((agent) => agent.props?.agentKind === "claude-code")!;
    const read = batch.edges.filter((edge) => edge.kind === "can_read" && edge.src.key === claude.key).map((edge) => edge.dst.key);
    expect(read).toContain("workspace:dana-laptop:/home/dana");
  });

  it("shows paths as they would be on dana's laptop, not where the app is installed", () => {
    expect(JSON.stringify(batch)).not.toContain(demoEstatePath());
    expect(batch.nodes.map((node) => node.key)).toContain("file:dana-laptop:/home/dana/projects/storefront/.env");
  });

  it("never puts a plaintext demo secret in the batch", () => {
    const text = JSON.stringify(batch);
    for (const secret of DEMO_SECRETS) expect(text).not.toContain(secret);
  });
});
