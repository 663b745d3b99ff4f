/**
 * Canary, server side: unique fake secrets are planted in every position the server handles — a
 * workspace (agent configs, .env, an AWS credentials file, a kubeconfig), kubernetes manifests (a Secret's
 * data and stringData, a service-account token), Postgres source URLs (password in the userinfo and in
 * `?password=`) saved through the API, push and guard-sync tokens, and user passwords (a right and a
 * wrong sign-in). Sweeps run through the server's own code, a batch is pushed with the token, and then
 * every table row (and, on Postgres, a pg_dump), every API answer, the audit CSV, the guard snapshot and everything written to the
 * console are searched: no canary may appear (the one answer that shows a new token once is the exception).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { GET as exportAudit } from "@/app/(app)/audit/export/route";
import { GET as agentRowPaths } from "@/app/(app)/agents/[id]/paths/route";
import { GET as graphData } from "@/app/(app)/graph/data/route";
import { loadAgentReachPage, rowPathsHref } from "@/components/agents/agent-reach";
import { GET as guardSnapshot } from "@/app/api/v1/guard/snapshot/route";
import { GET as getSource } from "@/app/api/v1/sources/[id]/route";
import { GET as listSweeps, POST as pushSweep } from "@/app/api/v1/sources/[id]/sweeps/route";
import { GET as listSources, POST as createSource } from "@/app/api/v1/sources/route";
import { GET as getSweep } from "@/app/api/v1/sweeps/[id]/route";
import { GET as listTokens, POST as createToken } from "@/app/api/v1/tokens/route";
import { setRouteDepsForTests } from "@/lib/api/route-deps";
import { createPasswordUser } from "@/lib/auth/manage-users";
import { signInWithPassword } from "@/lib/auth/password-sign-in";
import { plantCanaryEstate } from "@/lib/collectors/workspace/testing/canary-estate";
import { fingerprintSecret } from "@/lib/credentials/fingerprint";
import { canaryNeedles, findCanaries } from "@/lib/credentials/testing/canary-needles";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";
import type { DatabaseHandle } from "@/lib/db/client";
import { listAgentNodes } from "@/lib/db/queries/reach";
import { getSourceOrThrow } from "@/lib/db/queries/sources";
import { startSweep } from "@/lib/db/queries/sweeps";
import { queryRows } from "@/lib/db/rows";
import { describeEachDriver } from "@/lib/db/testing/drivers";
import { dumpTables } from "@/lib/db/testing/dump-tables";
import { resetEnvForTests } from "@/lib/env";
import { sourceBatchProducer } from "@/lib/sweeps/collect-source";
import { runSweep } from "@/lib/sweeps/run-sweep";
import { postureBatch } from "@/lib/sweeps/testing/posture-batch";

const session = vi.hoisted(() => ({ user: { id: 1, name: "admin", role: "admin" as const, approver: true, sessionId: "s" } }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user, getSessionUserFrom: async () => session.user }));

const fingerprintKey = Buffer.from("canary-server-fingerprint-key-0123456789");
const configKey = Buffer.alloc(32, 5);

const work = fs.mkdtempSync(path.join(os.tmpdir(), "blastmap-canary-server-"));
const estate = plantCanaryEstate(work);
const fake = createFakeSecrets(Date.now() % 2 ** 31);
const b64 = (text: string) => Buffer.from(text).toString("base64");

/** Every canary by the position it was planted in. */
const canaries: Record<string, string> = { ...estate.canaries };
/**
 * The positions the sweeps below must turn into a credential, one each. The others are only carried: a
 * Postgres source's password, tokens and user passwords are never collected, and the kubernetes
 * collector maps RBAC (who may do what), so a Secret in a manifest folder is read with the folder but its
 * values are not recorded — nor listed at all from a live cluster. Carried or collected, none may leak.
 */
const becomeCredentials = new Set(Object.keys(estate.canaries));
function plant(position: string, secret: string, options: { credential?: boolean } = {}): string {
  canaries[position] = secret;
  if (options.credential) becomeCredentials.add(position);
  return secret;
}

// Credential stores and a kubeconfig inside the swept workspace.
const shop = path.join(estate.root, "shop");
const awsPair = fake.planted.awsPair();
plant("awsCredentialsFile", awsPair.secret, { credential: true });
fs.mkdirSync(path.join(estate.home, ".aws"), { recursive: true });
fs.writeFileSync(path.join(estate.home, ".aws", "credentials"), `[default]\n${awsPair.text.replace("AWS_ACCESS_KEY_ID=", "aws_access_key_id = ").replace("AWS_SECRET_ACCESS_KEY=", "aws_secret_access_key = ")}`);
fs.appendFileSync(path.join(shop, ".env"), `STRIPE_SECRET_KEY=${plant("stripeInDotenv", fake.planted.stripeSecret().secret, { credential: true })}\n`);
const kubeToken = plant("kubeconfigToken", fake.planted.k8sServiceAccount().secret, { credential: true });
fs.mkdirSync(path.join(shop, "deploy"), { recursive: true });
fs.writeFileSync(
  path.join(shop, "deploy", "kubeconfig.yaml"),
  `apiVersion: v1\nkind: Config\nclusters: [{ name: prod, cluster: { server: "https://k8s.shop.internal:6443" } }]\nusers: [{ name: deployer, user: { token: ${kubeToken} } }]\ncontexts: [{ name: prod, context: { cluster: prod, user: deployer } }]\ncurrent-context: prod\n`,
);

// Kubernetes manifests: a Secret's stringData and data, and a service-account token Secret.
const manifests = path.join(work, "manifests");
fs.mkdirSync(manifests, { recursive: true });
fs.writeFileSync(
  path.join(manifests, "secrets.yaml"),
  [
    `apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: prod }\nstringData:\n  password: ${plant("manifestStringData", fake.planted.postgresUrl().secret)}\n`,
    `apiVersion: v1\nkind: Secret\nmetadata: { name: api, namespace: prod }\ndata:\n  token: ${b64(plant("manifestData", fake.planted.githubFineGrained().secret))}\n`,
    `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\nmetadata: { name: deployer-token, namespace: prod, annotations: { kubernetes.io/service-account.name: deployer } }\ndata:\n  token: ${b64(plant("manifestServiceAccountToken", fake.planted.k8sServiceAccount().secret))}\n`,
    `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: deployer, namespace: prod }\n`,
  ].join("---\n"),
);

const pgUserinfo = plant("postgresUrlUserinfo", fake.pick("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 24));
const pgQuery = plant("postgresUrlQuery", fake.pick("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 24));
const userPassword = plant("userPassword", `Pw-${fake.pick("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 24)}`);
const wrongPassword = plant("wrongPassword", `Pw-${fake.pick("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 24)}`);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Each canary planted so far, plain, cut short or encoded, found in `text`. */
const leaks = (text: string) => findCanaries(text, canaryNeedles(canaries));


const request = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${url}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });
const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });

describeEachDriver("canary secrets through the server", (testDb) => {
  let handle: DatabaseHandle & { url?: string };
  const console: string[] = [];
  const answers: string[] = [];
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    handle = await testDb.create();
    setRouteDepsForTests({ db: handle.db, fingerprintKey, configKey });
    saved.BLASTMAP_ALLOWED_HOSTS = process.env.BLASTMAP_ALLOWED_HOSTS;
    process.env.BLASTMAP_ALLOWED_HOSTS = "db.shop.internal,k8s.shop.internal";
    resetEnvForTests();
    for (const method of ["log", "error", "warn", "info", "debug"] as const) {
      vi.spyOn(globalThis.console, method).mockImplementation((...args: unknown[]) => void console.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(" ")));
    }
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => (console.push(String(chunk)), true));
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => (console.push(String(chunk)), true));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    if (saved.BLASTMAP_ALLOWED_HOSTS === undefined) delete process.env.BLASTMAP_ALLOWED_HOSTS;
    else process.env.BLASTMAP_ALLOWED_HOSTS = saved.BLASTMAP_ALLOWED_HOSTS;
    resetEnvForTests();
    setRouteDepsForTests(undefined);
    await handle?.close();
  });

  const answer = async (response: Response | Promise<Response>) => {
    const text = await (await response).text();
    answers.push(text);
    return text;
  };

  it("sweeps, pushes and signs in, and no canary is stored, answered or logged", { timeout: 240_000 }, async () => {
    // Sources saved through the API: the URLs' passwords are sealed.
    const sources: Record<string, number> = {};
    for (const [name, collector, config] of [
      ["shop-workspace", "workspace", { roots: [estate.root], home: estate.home, machine: "canary" }],
      ["prod-manifests", "kubernetes", { manifests, cluster: "https://k8s.shop.internal:6443" }],
      ["pg-userinfo", "postgres", { url: `postgres://auditor:${pgUserinfo}@db.shop.internal:5432/shop` }],
      ["pg-query", "postgres", { url: `postgres://auditor@db.shop.internal:5432/shop?sslmode=require&password=${pgQuery}` }],
    ] as const) {
      const created = await createSource(request("POST", "/api/v1/sources", { name, collector, config }));
      const text = await answer(created);
      expect(created.status, text).toBe(201);
      sources[name] = JSON.parse(text).source.id;
    }

    // Sweeps of the file-based sources, run by the server's own producer (what the job queue runs).
    for (const name of ["shop-workspace", "prod-manifests"]) {
      const source = await getSourceOrThrow(handle.db, sources[name]);
      const outcome = await runSweep(handle.db, await startSweep(handle.db, source.id, "manual"), { produce: sourceBatchProducer(source, configKey), fingerprintKey });
      expect(outcome.status, JSON.stringify(outcome)).toBe("succeeded");
      await answer(getSweep(request("GET", `/api/v1/sweeps/${outcome.sweepId}`), params(outcome.sweepId)));
    }
    // Each position that should become a credential became one, and nothing else did (no push has run yet).
    const credentials = await queryRows<{ fingerprint: string | null }>(handle.db, sql`select props->>'fingerprint' as fingerprint from nodes where key like 'cred:%'`);
    const stored = new Set(credentials.map((row) => row.fingerprint));
    const byFingerprint = new Map(Object.entries(canaries).map(([position, secret]) => [fingerprintSecret(fingerprintKey, secret), position]));
    const missing = [...becomeCredentials].filter((position) => !stored.has(fingerprintSecret(fingerprintKey, canaries[position])));
    const unexpected = credentials.map((row) => byFingerprint.get(row.fingerprint ?? "") ?? "(not planted)").filter((position) => !becomeCredentials.has(position));
    expect(missing, "planted positions that did not become a credential").toEqual([]);
    expect(unexpected, "credentials from positions not expected to become one").toEqual([]);
    expect(credentials).toHaveLength(becomeCredentials.size);

    // Tokens: each is shown once, at creation; after that it is only ever used.
    const ingest = await createToken(request("POST", "/api/v1/tokens", { name: "ci push", scope: "ingest", sourceIds: [sources["shop-workspace"]] }));
    const ingestToken = plant("pushToken", (await ingest.json()).token);
    const sync = await createToken(request("POST", "/api/v1/tokens", { name: "guard sync", scope: "guard-sync" }));
    const syncToken = plant("guardSyncToken", (await sync.json()).token);
    const pushSource = (await createSource(request("POST", "/api/v1/sources", { name: "ci-runner", collector: "workspace", config: { roots: [estate.root], home: estate.home } }))).status;
    expect(pushSource).toBe(201);
    const ci = (await (await listSources(request("GET", "/api/v1/sources"))).json()).sources.find((s: { name: string }) => s.name === "ci-runner");
    const pushToken = await createToken(request("POST", "/api/v1/tokens", { name: "ci", scope: "ingest", sourceIds: [ci.id] }));
    const ciToken = plant("ciPushToken", (await pushToken.json()).token);
    const pushed = await pushSweep(request("POST", `/api/v1/sources/${ci.id}/sweeps`, { ...postureBatch(), collector: "workspace" }, { authorization: `Bearer ${ciToken}` }), params(ci.id));
    expect(pushed.status, await pushed.clone().text()).toBe(201);
    answers.push(await pushed.text());
    const refused = await pushSweep(request("POST", `/api/v1/sources/${ci.id}/sweeps`, postureBatch(), { authorization: `Bearer ${ingestToken}` }), params(ci.id));
    answers.push(await refused.text());
    const snapshot = await answer(guardSnapshot(request("GET", "/api/v1/guard/snapshot", undefined, { authorization: `Bearer ${syncToken}` })));
    expect(snapshot).toContain("credentials");

    // Users: a password set by an admin, one right and one wrong sign-in (the attempt is audited).
    await createPasswordUser(handle.db, { id: 1, name: "admin", address: "127.0.0.1" } as never, { username: "dana", password: userPassword, role: "analyst", approver: false });
    await signInWithPassword(handle.db, { username: "dana", password: userPassword, address: "127.0.0.1" });
    await expect(signInWithPassword(handle.db, { username: "dana", password: wrongPassword, address: "127.0.0.1" })).rejects.toThrow();

    // Everything a signed-in user can read back.
    await answer(listSources(request("GET", "/api/v1/sources")));
    for (const id of Object.values(sources)) {
      await answer(getSource(request("GET", `/api/v1/sources/${id}`), params(id)));
      await answer(listSweeps(request("GET", `/api/v1/sources/${id}/sweeps`), params(id)));
    }
    await answer(listTokens(request("GET", "/api/v1/tokens")));
    await answer(graphData(request("GET", "/graph/data")));
    // Every agent page row's paths, as the browser fetches them when a row is opened.
    const agentIds = (await listAgentNodes(handle.db)).map((agent) => agent.id);
    let rowsOpened = 0;
    for (const agent of agentIds) {
      await answer(graphData(request("GET", `/graph/data?agent=${agent}`)));
      const scope = { only: null, page: 1 };
      for (const group of (await loadAgentReachPage(handle.db, agent, scope)).groups) {
        for (const row of group.resources) {
          await answer(agentRowPaths(request("GET", rowPathsHref(agent, scope, group.class, row.resource.id)), params(agent)));
          rowsOpened++;
        }
      }
    }
    expect(rowsOpened).toBeGreaterThan(0);
    const audit = await answer(exportAudit(request("GET", "/audit/export")));
    expect(audit.split("\n").length).toBeGreaterThan(5);

    expect(leaks(answers.join("\n")), "API answers").toEqual([]);
    expect(leaks(await dumpTables(handle)), "database rows").toEqual([]);
    // On Postgres, the database's own dump too (schemas, sequences, large objects: whatever rows miss).
    if (handle.url) {
      const dump = spawnSync("pg_dump", ["--no-owner", handle.url], { encoding: "utf8", maxBuffer: 256 << 20 });
      expect(dump.status, dump.stderr).toBe(0);
      expect(dump.stdout.length).toBeGreaterThan(10_000);
      expect(leaks(dump.stdout), "pg_dump").toEqual([]);
    }
    expect(leaks(console.join("\n")), "console").toEqual([]);
  });
});
