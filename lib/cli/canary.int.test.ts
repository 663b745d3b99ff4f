/**
 * Canary: unique fake secrets planted across a workspace go through collect → ingest → analyse → every
 * query command → the guard (sync, install, and hook calls that carry the secrets), and not one of them
 * comes out anywhere, plain, cut short, base64- or URL-encoded: not on the CLI's stdout or stderr, and not
 * in any file it writes — the batch file, the exports, the guard snapshot and its decision log, the agent
 * config install edits, the bytes of the database folder.
 */
import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canaryNeedles, findCanaries } from "@/lib/credentials/testing/canary-needles";
import { mcpPayload, shellPayload } from "@/lib/guard/testing/hook-payloads";

const BIN = path.resolve("bin/blastmap.mjs");
const alnum = (n: number) => Array.from(randomBytes(n), (b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[b % 62]).join("");

// The AWS access key id (AKIA…) is an identifier, not a secret: AWS shows it in the console and returns it from
// ListAccessKeys, and Blastmap keys the credential by it so the aws-iam collector can join. Its secret must not leak.
const AWS_KEY_ID = `AKIA${alnum(16).toUpperCase().replace(/[^A-Z0-9]/g, "Q")}`;

const CANARIES = {
  postgresPassword: `Cnry${alnum(20)}`,
  github: `ghp_${alnum(36)}`,
  awsSecret: `${alnum(30)}/${alnum(9)}`,
  stripe: `sk_live_${alnum(32)}`,
  railway: randomUUID(),
  anthropic: `sk-ant-api03-${alnum(80)}AA`,
  mcpInline: `ghp_${alnum(36)}`,
};

const needles = canaryNeedles(CANARIES);

/** Planted inputs live under work/home; everything else under work is written by the CLI. */
let work: string;
const outputs: string[] = [];
const guardDir = () => path.join(work, "guard");
const exportsDir = () => path.join(work, "exports");

function blastmap(args: string[], options: { input?: string; env?: Record<string, string> } = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(BIN, args, {
    env: { ...process.env, BLASTMAP_DATA_DIR: path.join(work, "data"), DATABASE_URL: "", ...options.env },
    input: options.input,
    encoding: "utf8",
    cwd: work,
  });
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** The guard as an agent runs it: its own home, the snapshot sync wrote, a decision log; the warm daemon leaves after 3 s idle. */
function guardHook(agent: string, payload: Record<string, unknown>) {
  return blastmap(["guard", "hook", "--agent", agent], {
    input: JSON.stringify(payload),
    env: {
      HOME: path.join(work, "agent-home"),
      BLASTMAP_GUARD_SNAPSHOT: path.join(guardDir(), "snapshot.json"),
      BLASTMAP_GUARD_LOG: path.join(guardDir(), "decisions.jsonl"),
      BLASTMAP_GUARD_DAEMON_IDLE_MS: "3000",
    },
  });
}

/** Every regular file the CLI wrote (all of work but the planted home). */
function writtenFiles(): string[] {
  return fs
    .readdirSync(work, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.startsWith(`${path.join(work, "home")}${path.sep}`));
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-canary-"));
  const home = path.join(work, "home");
  const project = path.join(home, "projects", "shop");
  fs.mkdirSync(path.join(project, "scripts"), { recursive: true });
  fs.mkdirSync(path.join(project, ".cursor"), { recursive: true });
  fs.mkdirSync(path.join(home, ".aws"), { recursive: true });
  fs.writeFileSync(
    path.join(project, ".env"),
    [
      `DATABASE_URL=postgres://shop_app:${CANARIES.postgresPassword}@db.shop.internal:5432/shop`,
      `STRIPE_SECRET_KEY=${CANARIES.stripe}`,
      `ANTHROPIC_API_KEY=${CANARIES.anthropic}`,
    ].join("\n"),
  );
  fs.writeFileSync(path.join(project, "scripts", "domains.sh"), `#!/bin/sh\nexport RAILWAY_TOKEN=${CANARIES.railway}\nrailway domain\n`);
  fs.writeFileSync(path.join(project, "deploy.md"), `Use token ${CANARIES.github} for the release job.\n`);
  fs.writeFileSync(
    path.join(project, ".cursor", "mcp.json"),
    JSON.stringify({ mcpServers: { github: { command: "npx", args: ["-y", "@modelcontextprotocol/server-github"], env: { GITHUB_PERSONAL_ACCESS_TOKEN: CANARIES.mcpInline } } } }),
  );
  fs.writeFileSync(path.join(home, ".aws", "credentials"), `[default]\naws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${CANARIES.awsSecret}\n`);
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe("canary secrets through the CLI [pglite]", () => {
  it("are found, and never come out of collect, ingest or any query", { timeout: 300_000 }, () => {
    const batchFile = path.join(work, "batch.json");
    const collect = blastmap(["collect", "workspace", "--root", path.join(work, "home", "projects", "shop"), "--home", path.join(work, "home"), "--out", batchFile]);
    expect(collect.status, collect.stderr).toBe(0);
    const batchText = fs.readFileSync(batchFile, "utf8");
    outputs.push(batchText);

    // The scan really found them: one credential node per planted secret (the AWS pair is one credential).
    const batch = JSON.parse(batchText) as { nodes: { kind: string; props: { provider?: string } }[] };
    const providers = batch.nodes.filter((n) => n.kind === "credential").map((n) => n.props.provider);
    expect(providers).toEqual(expect.arrayContaining(["postgres", "stripe", "anthropic", "railway", "github", "aws"]));

    const ingest = blastmap(["ingest", batchFile, "--source", "canary"]);
    expect(ingest.status, ingest.stderr).toBe(0);
    const agents = blastmap(["agents", "--json"]);
    expect(agents.status, agents.stderr).toBe(0);
    const agentList = JSON.parse(agents.stdout) as { id: number }[];
    expect(agentList.length).toBeGreaterThan(0);
    for (const agent of agentList) expect(blastmap(["reach", "--agent", String(agent.id), "--json"]).status).toBe(0);
    // Who can destroy what the first agent destroys: the paths name the files and credentials on the way.
    const reach = JSON.parse(blastmap(["reach", "--agent", String(agentList[0].id), "--json"]).stdout) as { rows: { class: string; resource: { id: number } }[] };
    const destroyed = reach.rows.find((r) => r.class === "D1" || r.class === "D2");
    expect(destroyed).toBeDefined();
    const destroyers = blastmap(["destroyers", "--resource", String(destroyed!.resource.id), "--json"]);
    expect(destroyers.status, destroyers.stderr).toBe(0);
    expect((JSON.parse(destroyers.stdout) as { counts: { agents: number } }).counts.agents).toBeGreaterThan(0);
    expect(blastmap(["destroyers", "--resource", String(destroyed!.resource.id)]).status).toBe(0);
    expect(blastmap(["findings", "--json"]).status).toBe(0);
    expect(blastmap(["findings"]).status).toBe(0);
    // The exports carry collected names and evidence: they parse, and hold no secret either (outputs are grepped).
    const csv = blastmap(["findings", "--format", "csv"]);
    expect(csv.status).toBe(0);
    expect(csv.stdout.split("\r\n")[0]).toMatch(/^id,severity,status,rule,title,/);
    const sarif = blastmap(["findings", "--format", "sarif"]);
    expect(sarif.status).toBe(0);
    expect(JSON.parse(sarif.stdout)).toMatchObject({ version: "2.1.0", runs: [{ tool: { driver: { name: "Blastmap" } } }] });
    expect(blastmap(["findings", "--format", "xml"]).status).toBe(2);
    // The exports as a user keeps them: `blastmap findings --format csv > findings.csv`.
    fs.mkdirSync(exportsDir());
    fs.writeFileSync(path.join(exportsDir(), "findings.csv"), csv.stdout);
    fs.writeFileSync(path.join(exportsDir(), "findings.sarif"), sarif.stdout);
    fs.writeFileSync(path.join(exportsDir(), "findings.json"), blastmap(["findings", "--json"]).stdout);

    expect(findCanaries(outputs.join("\n"), needles)).toEqual([]);
  });

  it("never reach the guard's snapshot, its decision log or the config install edits", { timeout: 120_000 }, async () => {
    const sync = blastmap(["guard", "sync", "--out", path.join(guardDir(), "snapshot.json")]);
    expect(sync.status, sync.stderr).toBe(0);
    const snapshot = JSON.parse(fs.readFileSync(path.join(guardDir(), "snapshot.json"), "utf8")) as { credentials: Record<string, { provider: string }> };
    // Every planted secret is a credential the hook can recognise (the AWS pair is one), so the calls below meet them.
    expect(Object.values(snapshot.credentials).map((c) => c.provider)).toEqual(expect.arrayContaining(["postgres", "stripe", "anthropic", "railway", "github", "aws"]));

    const install = blastmap(["guard", "install", "--agent", "claude-code", "--scope", "user", "--root", path.join(work, "agent-home")], {
      env: { BLASTMAP_GUARD_SNAPSHOT: path.join(guardDir(), "snapshot.json") },
    });
    expect(install.status, install.stderr).toBe(0);
    expect(blastmap(["guard", "managed-settings", "--agent", "cursor"]).status).toBe(0);

    // Calls that hand each secret to a tool: in a header, a URL, an environment assignment, basic auth, MCP arguments.
    const cwd = path.join(work, "home", "projects", "shop");
    const c = CANARIES;
    const basic = Buffer.from(`shop_app:${c.postgresPassword}`).toString("base64");
    const commands = [
      `curl -X DELETE -H "Authorization: Bearer ${c.github}" https://api.github.com/repos/acme/shop`,
      `psql "postgres://shop_app:${c.postgresPassword}@db.shop.internal:5432/shop" -c "DROP TABLE orders"`,
      `curl -H "Authorization: Basic ${basic}" -X POST https://db-admin.shop.internal/api/drop`,
      `STRIPE_API_KEY=${c.stripe} stripe customers delete cus_123`,
      `RAILWAY_TOKEN=${c.railway} railway down --yes`,
      `AWS_ACCESS_KEY_ID=${AWS_KEY_ID} AWS_SECRET_ACCESS_KEY=${c.awsSecret} aws s3 rb s3://shop-backups --force`,
      `curl https://api.anthropic.com/v1/models -H "x-api-key: ${c.anthropic}"`,
    ];
    const calls = [
      ...commands.map((command) => ["claude-code", shellPayload("claude-code", command, { cwd })] as const),
      ...commands.slice(0, 2).map((command) => ["cursor", shellPayload("cursor", command, { cwd })] as const),
      ["claude-code", mcpPayload("claude-code", { server: "github", tool: "delete_repository", input: { owner: "acme", repo: "shop", token: c.mcpInline } }, { cwd })] as const,
    ];
    for (const [agent, payload] of calls) {
      const answer = guardHook(agent, payload);
      expect(answer.status, answer.stderr).toBe(0);
    }
    const log = fs.readFileSync(path.join(guardDir(), "decisions.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { credential?: unknown });
    expect(log).toHaveLength(calls.length);
    // The hook recognised the planted secrets (9 of the 10 calls name a credential), so the log's credential fields are exercised too.
    expect(log.filter((entry) => entry.credential).length).toBeGreaterThanOrEqual(8);

    expect(findCanaries(outputs.join("\n"), needles)).toEqual([]);
    // The warm daemon leaves by itself; its socket goes with it.
    await expect.poll(() => fs.readdirSync(guardDir()).some((name) => name.endsWith(".sock")), { timeout: 30_000 }).toBe(false);
  });

  it("never reach a file the CLI wrote: the batch, the exports, the guard's files, the database folder", () => {
    const files = writtenFiles();
    const names = files.map((file) => path.relative(work, file));
    expect(names).toEqual(expect.arrayContaining(["batch.json", "exports/findings.csv", "exports/findings.sarif", "guard/snapshot.json", "guard/fingerprint.key", "guard/decisions.jsonl", "agent-home/.claude/settings.json"]));
    expect(names.filter((name) => name.startsWith("data/")).length).toBeGreaterThan(10);
    const leaked = files.flatMap((file) => findCanaries(fs.readFileSync(file), needles).map((name) => `${name} in ${path.relative(work, file)}`));
    expect(leaked).toEqual([]);
  });
});
