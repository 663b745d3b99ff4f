import { describe, expect, it } from "vitest";
import { scanText } from "@/lib/credentials/scan-text";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";
import { fingerprintSecret } from "@/lib/credentials/fingerprint";

const KEY = Buffer.alloc(32, 7);
const fakes = createFakeSecrets(42);

describe("scanText: every detector finds its kind", () => {
  for (const [name, make] of Object.entries(fakes.planted)) {
    it(`finds ${name}`, async () => {
      const plant = make();
      const found = await scanText(`// some code\nfunction a() { return 1; }\n${plant.text}const b = 2;\n`, "/repo/src/config.ts", KEY);
      const match = found.find((c) => c.provider === plant.provider && c.kind === plant.kind);
      expect(match, JSON.stringify(found.map((c) => [c.provider, c.kind]))).toBeDefined();
      expect(JSON.stringify(found)).not.toContain(plant.secret);
    });
  }
});

describe("scanText: look-alikes are not credentials", () => {
  for (const [name, make] of Object.entries(fakes.lookAlikes)) {
    it(`ignores ${name}`, async () => {
      const { text } = make();
      expect(await scanText(`const a = 1;\n${text}`, "/repo/src/app.ts", KEY)).toEqual([]);
    });
  }
});

describe("scanText: identity, location and purpose", () => {
  it("parses a postgres connection string into identity; the password is the secret", async () => {
    const password = `pw${fakes.pick("abcdefgh", 14)}`;
    const [cred] = await scanText(`\n\nDATABASE_URL=postgresql://billing:${password}@DB.Example.com:6543/ledger?sslmode=require\n`, "/r/.env.production", KEY);
    expect(cred).toMatchObject({
      provider: "postgres",
      kind: "connection-string",
      identity: { host: "db.example.com", port: 6543, database: "ledger", user: "billing" },
      locations: [{ file: "/r/.env.production", line: 3, envVar: "DATABASE_URL" }],
    });
    expect(cred.preview).not.toContain(password.slice(2, 10));
  });

  it("reads a Railway token's purpose from its variable name and the comment above", async () => {
    const plant = fakes.planted.railwayAccount();
    const [cred] = await scanText(plant.text, "/r/.env", KEY);
    expect(cred).toMatchObject({ provider: "railway", kind: "account-token", purpose: "custom domains" });
    const [fromComment] = await scanText(`# used by the nightly backup export job\nexport RAILWAY_API_TOKEN=${fakes.uuid()}\n`, "/r/x.sh", KEY);
    expect(fromComment.purpose).toBe("used by the nightly backup export job");
    const [fromFile] = await scanText(`RAILWAY_API_TOKEN=${fakes.uuid()}\n`, "/r/scripts/custom-domains.sh", KEY);
    expect(fromFile.purpose).toBe("custom domains");
  });

  it("pairs an AWS access key id with its secret (the id is identity, not a secret)", async () => {
    const plant = fakes.planted.awsPair();
    const found = await scanText(plant.text, "/r/deploy.env", KEY);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ provider: "aws", kind: "access-key", identity: { accessKeyId: expect.stringMatching(/^AKIA/) } });
  });

  it("merges the same value on two lines into one credential with two locations", async () => {
    const s = fakes.planted.githubClassic().secret;
    const found = await scanText(`A=${s}\nB=${s}\n`, "/r/.env", KEY);
    expect(found).toHaveLength(1);
    expect(found[0].locations.map((l) => l.envVar)).toEqual(["A", "B"]);
    expect(found[0].fingerprint).toBe(fingerprintSecret(KEY, s));
  });

  it("distinguishes Stripe restricted keys and GitHub fine-grained tokens", async () => {
    const found = await scanText(`${fakes.planted.stripeRestricted().text}${fakes.planted.githubFineGrained().text}`, "/r/a.ts", KEY);
    expect(found.map((c) => c.kind).sort()).toEqual(["fine-grained-token", "restricted-key"]);
  });

  it("keeps what secretlint's maintained rules find that we do not model (Slack)", async () => {
    const token = `xoxb-${fakes.pick("0123456789", 11)}-${fakes.pick("0123456789", 12)}-${fakes.pick("ABCDEFGHIJKLMNOPQRSTUVWXabcdefghijklmnopqrstuvwx", 24)}`;
    const found = await scanText(`SLACK_BOT=${token}\n`, "/r/bot.ts", KEY);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ provider: "slack" });
    expect(JSON.stringify(found)).not.toContain(token);
  });

  it("reads a Supabase service-role key's project ref from its claims", async () => {
    const plant = fakes.planted.supabaseServiceRole();
    const [cred] = await scanText(plant.text, "/r/.env", KEY);
    expect(cred.identity?.projectRef).toMatch(/^[a-t]{20}$/);
  });

  it("never copies a found value into the purpose or variable name", async () => {
    const password = `hunter${fakes.pick("abcdefgh", 6)}`;
    const found = await scanText(`# the password is ${password}\nDATABASE_URL=postgres://app:${password}@db.internal/shop\n`, "/r/x.sh", KEY);
    expect(found).toHaveLength(1);
    expect(JSON.stringify(found)).not.toContain(password);
  });

  it("examines a big text around its anchors, with whole-text line numbers", async () => {
    const filler = "const value = compute(options.name, index); // ordinary code\n";
    const gh = fakes.planted.githubClassic();
    const pem = fakes.planted.privateKey();
    const pg = fakes.planted.postgresUrl();
    const lines = [...Array(3000).fill(filler), gh.text, ...Array(3000).fill(filler), `# reporting replica\n${pg.text}`, ...Array(100).fill(filler), pem.text, filler];
    const found = await scanText(lines.join(""), "/r/bundle.js", KEY);
    expect(found.map((c) => [c.provider, c.locations[0].line]).sort()).toEqual(
      [
        ["github", 3001],
        ["postgres", 6003],
        ["private-key", 6104],
      ].sort(),
    );
    expect(found.find((c) => c.provider === "postgres")?.purpose).toBe("reporting replica");
  });

  it("drops documentation placeholders the maintained rules report", async () => {
    expect(await scanText('const url = "postgres://app:<password>@db.internal:5432/shop";\n', "/r/README.md", KEY)).toEqual([]);
  });

  it("does not run the detectors on text without any anchor", async () => {
    expect(await scanText("export function add(a: number, b: number) { return a + b; }\n".repeat(100), "/r/add.ts", KEY)).toEqual([]);
  });
});
