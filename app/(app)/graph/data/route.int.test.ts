/** F16: a 300,000-character MCP argument clicked in the explorer froze the tab; what it is sent is bounded. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setRouteDepsForTests } from "@/lib/api/route-deps";
import type { DatabaseHandle } from "@/lib/db/client";
import { queryRows } from "@/lib/db/rows";
import { ingestBatch } from "@/lib/db/store/ingest";
import { createTestDatabase } from "@/lib/sweeps/testing/test-database";
import { GET } from "./route";

const session = vi.hoisted(() => ({ user: { id: 1, name: "vera", role: "viewer" as const, approver: false, sessionId: "s" } }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user, getSessionUserFrom: async () => session.user }));

describe("GET /graph/data with megabyte-long collected strings", () => {
  let handle: DatabaseHandle;
  let serverId: number;
  const arg = `--token-file=${"x".repeat(300_000)}`;
  beforeAll(async () => {
    handle = await createTestDatabase();
    setRouteDepsForTests({ db: handle.db, fingerprintKey: Buffer.from("k".repeat(40)), configKey: Buffer.alloc(32, 1) });
    const agent = { kind: "agent", key: "agent:m:cursor:/p", name: "Cursor" } as const;
    const server = { kind: "mcp_server", key: "mcp:m:/p:huge", name: "huge", props: { command: "npx", args: ["-y", arg] } } as const;
    await ingestBatch(handle.db, "laptop", { collector: "workspace", nodes: [agent, server], edges: [{ kind: "configured_with", src: agent, dst: server }] });
    [{ id: serverId }] = await queryRows<{ id: number }>(handle.db, sql`select id from nodes where key = ${server.key}`);
  });
  afterAll(async () => {
    setRouteDepsForTests(undefined);
    await handle?.close();
  });

  it("sends a node's props with every string cut to a few thousand characters, saying how much was left out", async () => {
    const response = await GET(new Request(`http://localhost/graph/data?node=${serverId}`));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.length).toBeLessThan(10_000);
    const { details } = JSON.parse(text) as { details: { props: { args: string[] } } };
    expect(details.props.args[1]).toMatch(/… \(296,\d{3} more characters\)$/);
  });

  it("bounds the graph and search answers too", async () => {
    for (const query of ["", "?q=huge", `?expand=${serverId}`]) {
      const response = await GET(new Request(`http://localhost/graph/data${query}`));
      expect(response.status, query).toBe(200);
      expect((await response.text()).length, query).toBeLessThan(20_000);
    }
  });
});
