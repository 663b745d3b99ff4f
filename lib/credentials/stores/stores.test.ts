import { describe, expect, it } from "vitest";
import { scanText } from "@/lib/credentials/scan-text";
import { storeKindOfPath } from "@/lib/credentials/stores";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";

const KEY = Buffer.alloc(32, 3);
const fakes = createFakeSecrets(7);
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

async function scanStore(file: string, text: string) {
  const found = await scanText(text, file, KEY);
  return found;
}

describe("credential stores", () => {
  it("recognises store paths", () => {
    expect(storeKindOfPath("/home/u/.aws/credentials")).toBe("aws-credentials");
    expect(storeKindOfPath("/home/u/.kube/config")).toBe("kubeconfig");
    expect(storeKindOfPath("/home/u/.railway/config.json")).toBe("railway-config");
    expect(storeKindOfPath("/home/u/.config/gh/hosts.yml")).toBe("gh-hosts");
    expect(storeKindOfPath("/repo/.npmrc")).toBe("npmrc");
    expect(storeKindOfPath("/home/u/.pgpass")).toBe("pgpass");
    expect(storeKindOfPath("/home/u/.docker/config.json")).toBe("docker-config");
    expect(storeKindOfPath("/home/u/.netrc")).toBe("netrc");
    expect(storeKindOfPath("/repo/.env.local")).toBe("env");
    expect(storeKindOfPath("/repo/src/environment.ts")).toBeUndefined();
    expect(storeKindOfPath("/repo/config.json")).toBeUndefined();
  });

  it("~/.aws/credentials: one key per profile, key id as identity", async () => {
    const secret = fakes.pick(B64, 40);
    const text = `[default]\naws_access_key_id = AKIA${fakes.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}\naws_secret_access_key = ${secret}\n\n[billing-readonly]\naws_access_key_id=AKIA${fakes.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}\naws_secret_access_key=${fakes.pick(B64, 40)}\n`;
    const found = await scanStore("/home/u/.aws/credentials", text);
    expect(found.map((c) => c.identity?.profile)).toEqual(["default", "billing-readonly"]);
    expect(found[0]).toMatchObject({ provider: "aws", kind: "access-key", locations: [{ line: 3 }] });
    expect(found[1].purpose).toBe("billing-readonly");
    expect(JSON.stringify(found)).not.toContain(secret);
  });

  it("~/.railway/config.json: the CLI login token is an account token", async () => {
    const token = fakes.uuid();
    const found = await scanStore("/home/u/.railway/config.json", JSON.stringify({ user: { token }, projects: { "/src/app": { name: "shop", project: fakes.uuid() } } }, null, 2));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ provider: "railway", kind: "account-token", identity: { linkedProjects: "shop" } });
  });

  it("~/.config/gh/hosts.yml: the OAuth token, host and user", async () => {
    const token = `gho_${fakes.pick(B64, 36)}`;
    const found = await scanStore("/home/u/.config/gh/hosts.yml", `github.com:\n    user: octocat\n    oauth_token: ${token}\n    git_protocol: https\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ provider: "github", kind: "oauth-token", identity: { host: "github.com", user: "octocat" }, locations: [{ line: 3 }] });
  });

  it(".npmrc: registry auth tokens, not environment references", async () => {
    const token = `npm_${fakes.pick(B64, 36)}`;
    const found = await scanStore("/repo/.npmrc", `//registry.npmjs.org/:_authToken=${token}\n//npm.pkg.github.com/:_authToken=\${GITHUB_TOKEN}\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ provider: "npm", identity: { registry: "registry.npmjs.org/" } });
  });

  it("~/.pgpass: host, port, database and user; escaped colons in the password", async () => {
    const found = await scanStore("/home/u/.pgpass", `# comment\ndb.internal:5432:shop:app:pa\\:ss${fakes.pick(B64, 10)}\n*:*:*:postgres:${fakes.pick(B64, 12)}\n`);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ provider: "postgres", kind: "password", identity: { host: "db.internal", port: 5432, database: "shop", user: "app" } });
    expect(found[1].identity).toMatchObject({ host: "*", database: "*", user: "postgres" });
  });

  it("~/.docker/config.json: registry auth with the user decoded, never the password", async () => {
    const password = fakes.pick(B64, 16);
    const auth = Buffer.from(`deployer:${password}`).toString("base64");
    const found = await scanStore("/home/u/.docker/config.json", JSON.stringify({ auths: { "ghcr.io": { auth } } }));
    expect(found[0]).toMatchObject({ provider: "docker", kind: "registry-auth", identity: { registry: "ghcr.io", user: "deployer" } });
    expect(JSON.stringify(found)).not.toContain(password);
    expect(JSON.stringify(found)).not.toContain(auth);
  });

  it("~/.netrc: machine, login and password", async () => {
    const found = await scanStore("/home/u/.netrc", `machine api.github.com\n  login octocat\n  password ${fakes.pick(B64, 20)}\nmachine example.org login bob password ${fakes.pick(B64, 12)}\n`);
    expect(found.map((c) => [c.provider, c.identity?.host, c.identity?.user])).toEqual([
      ["github", "api.github.com", "octocat"],
      ["netrc", "example.org", "bob"],
    ]);
  });

  it(".env: provider rules first, then any secret-named variable that is not a placeholder", async () => {
    const generic = fakes.pick(B64, 24);
    const text = `SESSION_SECRET=${generic}\nDB_PASSWORD=changeme\nAPI_KEY=\${FROM_VAULT}\nPORT=3000\n${fakes.planted.railwayProject().text}`;
    const found = await scanStore("/repo/.env", text);
    expect(found).toHaveLength(2);
    expect(found.map((c) => [c.provider, c.kind, c.locations[0].envVar])).toEqual(
      expect.arrayContaining([
        ["railway", "project-token", "RAILWAY_TOKEN"],
        ["generic", "secret", "SESSION_SECRET"],
      ]),
    );
  });

  it("kubeconfig: server + service account from the token's claims", async () => {
    const token = fakes.jwt({ iss: "kubernetes/serviceaccount", sub: "system:serviceaccount:ci:deployer" });
    const text = `apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.0.0.1:6443\ncontexts:\n- name: prod-ci\n  context:\n    cluster: prod\n    user: ci\nusers:\n- name: ci\n  user:\n    token: ${token}\n`;
    const found = await scanStore("/home/u/.kube/config", text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      provider: "kubernetes",
      kind: "service-account-token",
      identity: { server: "https://10.0.0.1:6443", serviceAccount: "deployer", namespace: "ci", kubeconfigUser: "ci" },
      purpose: "kube context prod-ci",
    });
  });

  it("kubeconfig under any name is recognised by its content (client key + basic auth)", async () => {
    const text = `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://k8s.example.com\ncontexts:\n- name: c\n  context: {cluster: c, user: admin}\nusers:\n- name: admin\n  user:\n    client-key-data: ${fakes.pick(B64, 64)}\n    username: admin\n    password: ${fakes.pick(B64, 16)}\n`;
    const found = await scanStore("/repo/deploy/cluster.yaml", text);
    expect(found.map((c) => c.kind).sort()).toEqual(["basic-auth", "client-certificate"]);
    expect(found.every((c) => c.identity?.server === "https://k8s.example.com")).toBe(true);
  });
});
