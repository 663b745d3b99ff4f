/**
 * Canary: unique fake secrets planted across a workspace go through collect → ingest → analyse → every
 * query command, and not one of them comes out anywhere — not in the batch file, the CLI's stdout or
 * stderr, the database's tables, or the bytes of the database folder.
 */
import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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

let work: string;
const outputs: string[] = [];

function blastmap(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(BIN, args, {
    env: { ...process.env, BLASTMAP_DATA_DIR: path.join(work, "data"), DATABASE_URL: "" },
    encoding: "utf8",
    cwd: work,
  });
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** Every secret, and a distinctive middle slice of it (a secret cut short still leaks). */
function needles(): string[] {
  return Object.values(CANARIES).flatMap((secret) => [secret, secret.slice(4, 16)]);
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

    const everything = outputs.join("\n");
    for (const needle of needles()) expect(everything.includes(needle), `leaked ${needle.slice(0, 3)}…`).toBe(false);
  });

  it("never reach the database folder's bytes", () => {
    const files = fs.readdirSync(path.join(work, "data"), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const bytes = fs.readFileSync(path.join(file.parentPath, file.name));
      for (const needle of needles()) expect(bytes.includes(needle), `${needle.slice(0, 3)}… in ${file.name}`).toBe(false);
    }
  });
});
