import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultPolicy, guardPolicyJsonSchema, loadPolicy, parsePolicy } from "@/lib/guard/policy";

const SCHEMA_FILE = path.join(import.meta.dirname, "policy.schema.json");

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "guard-policy-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

describe("policy.schema.json", () => {
  it("is the zod schema written out (UPDATE_POLICY_SCHEMA=1 rewrites it)", () => {
    const generated = `${JSON.stringify(guardPolicyJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_POLICY_SCHEMA === "1") fs.writeFileSync(SCHEMA_FILE, generated);
    expect(fs.readFileSync(SCHEMA_FILE, "utf8"), "policy.schema.json drifted from guardPolicySchema: run UPDATE_POLICY_SCHEMA=1 npx vitest run lib/guard/policy.test.ts").toBe(generated);
  });

  it("documents every answer and rejects unknown keys, as the hook does", () => {
    const schema = guardPolicyJsonSchema() as { additionalProperties: boolean; properties: Record<string, { description?: string }> };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(["$schema", "classes", "unknownCodeWithCredential", "outsideWorkspaceWrite", "allow", "log"]);
    expect(schema.properties.unknownCodeWithCredential.description).toContain("code the guard cannot see");
  });
});

describe("loading a policy", () => {
  it("without a file: the strict defaults", async () => {
    const loaded = await loadPolicy({ HOME: path.join(tmp, "nohome") }, path.join(tmp, "none"), []);
    expect(loaded).toEqual({ policy: defaultPolicy() });
    expect(loaded.policy).toMatchObject({ classes: {}, unknownCodeWithCredential: "ask", outsideWorkspaceWrite: "deny", allow: [], log: { enabled: true } });
  });

  it("the workspace's .blastmap/guard-policy.yaml, before the user's ~/.blastmap/guard/policy.json", async () => {
    const home = path.join(tmp, "home");
    const workspace = path.join(tmp, "ws");
    write(path.join(home, ".blastmap", "guard", "policy.json"), JSON.stringify({ classes: { D3: "deny" } }));
    const inWorkspace = write(path.join(workspace, ".blastmap", "guard-policy.yaml"), "# team rules\nclasses:\n  D3: allow # staging only\n");
    const loaded = await loadPolicy({ HOME: home }, path.join(workspace, "src"), [workspace]);
    expect(loaded).toMatchObject({ file: inWorkspace, policy: { classes: { D3: "allow" } } });
    expect(loaded.fault).toBeUndefined();
    const userOnly = await loadPolicy({ HOME: home }, path.join(tmp, "elsewhere"), []);
    expect(userOnly.policy.classes).toEqual({ D3: "deny" });
  });

  it("BLASTMAP_GUARD_POLICY overrides both, relative to the call's directory", async () => {
    const file = write(path.join(tmp, "ops", "guard.yml"), "unknownCodeWithCredential: deny\n");
    const loaded = await loadPolicy({ BLASTMAP_GUARD_POLICY: "ops/guard.yml", HOME: path.join(tmp, "home") }, tmp, []);
    expect(loaded).toMatchObject({ file, policy: { unknownCodeWithCredential: "deny" } });
  });

  it("a file that cannot be used: the defaults, and a fault that says what is wrong and where", async () => {
    const file = write(path.join(tmp, "bad", ".blastmap", "guard-policy.json"), JSON.stringify({ classes: { D1: "yes" }, allow: "all", extra: 1 }));
    const loaded = await loadPolicy({}, path.join(tmp, "bad"), []);
    expect(loaded.policy).toEqual(defaultPolicy());
    expect(loaded.fault).toBe(
      `The guard policy ${file} is invalid: classes.D1 must be one of "allow", "ask", "approval", "deny"; allow must be an array; (top level) has unknown key extra, so the built-in defaults apply`,
    );
  });

  it("a policy path that is a directory is a fault, not a crash", async () => {
    const dir = path.join(tmp, "dir-policy");
    fs.mkdirSync(dir, { recursive: true });
    const loaded = await loadPolicy({ BLASTMAP_GUARD_POLICY: dir }, tmp, []);
    expect(loaded.fault).toMatch(/cannot be read \(EISDIR\)/);
  });
});

describe("parsePolicy", () => {
  it("reads YAML and JSON the same way", async () => {
    const yaml = await parsePolicy("allow:\n  - agent: claude-code\n    workspace: /srv/app\n    action: TRUNCATE\n", "p.yaml");
    const json = await parsePolicy(JSON.stringify({ allow: [{ agent: "claude-code", workspace: "/srv/app", action: "TRUNCATE" }] }), "p.json");
    expect(yaml).toEqual(json);
    expect(yaml).toMatchObject({ ok: true, policy: { allow: [{ agent: "claude-code", action: "TRUNCATE" }] } });
  });

  it("an empty file is the defaults", async () => {
    expect(await parsePolicy("", "p.yaml")).toEqual({ ok: true, policy: defaultPolicy() });
  });
});
