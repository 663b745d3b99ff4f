import { describe, expect, it } from "vitest";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";
import { redactArgs, redactConfigText, redactUrl } from "./redact-config-text";
import { isPlaceholder, isSecretName, secretsInArgs, secretsInUrl, secretUnderName } from "./secret-positions";

const { pick } = createFakeSecrets(16);
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const secret = () => `Q${pick(ALNUM, 31)}7`;

describe("isPlaceholder", () => {
  it.each([
    "${env:PPLX}",
    "${input:token}",
    "${GITHUB_TOKEN}",
    "$GITHUB_TOKEN",
    "${process.env.API_KEY}",
    "process.env.API_KEY",
    "<YOUR_API_KEY>",
    "[YOUR_TOKEN]",
    "your-api-key-here",
    "YOUR_API_KEY",
    "sk-xxxxxxxxxxxxxxxx",
    "xxxx-xxxx-xxxx",
    "REDACTED",
    "",
    "   ",
    "********",
    "{{ secrets.API_KEY }}",
  ])("%s is a placeholder", (value) => expect(isPlaceholder(value)).toBe(true));

  it("a real-looking value is not", () => {
    expect(isPlaceholder(secret())).toBe(false);
    expect(isPlaceholder("hunter2-but-longer")).toBe(false);
  });
});

describe("isSecretName", () => {
  it.each(["PERPLEXITY_API_KEY", "GITHUB_PERSONAL_ACCESS_TOKEN", "apiKey", "X-API-Key", "DB_PASSWORD", "PGPASSWORD", "SUPABASE_SERVICE_ROLE_KEY", "GITLAB_PAT", "JWT_SECRET", "SECRET_KEY_BASE", "token", "access_token", "key", "--api-key", "--token"])(
    "%s hands over a secret",
    (name) => expect(isSecretName(name)).toBe(true),
  );
  it.each(["AWS_ACCESS_KEY_ID", "SUPABASE_ANON_KEY", "NEXT_PUBLIC_STRIPE_KEY", "STRIPE_PUBLISHABLE_KEY", "DB_PASSWORD_FILE", "AUTH_ENABLED", "token_type", "max_tokens", "API_URL", "LOG_LEVEL"])(
    "%s does not",
    (name) => expect(isSecretName(name)).toBe(false),
  );
});

describe("secretsInArgs", () => {
  it("finds the value after secret flags, inline flags, NAME=value pairs and auth headers", () => {
    const [a, b, c, d, e] = [secret(), secret(), secret(), secret(), secret()];
    const args = ["-y", "some-mcp", "--token", a, "--api-key=" + b, "-t", c, "-e", `SERVICE_API_KEY=${d}`, "--header", `Authorization: Bearer ${e}`, "--port", "8080"];
    expect(secretsInArgs(args).map((value) => [value.path, value.value])).toEqual([
      ["args[3]", a],
      ["args[4]", b],
      ["args[6]", c],
      ["args[8]", d],
      ["args[10]", e],
    ]);
  });

  it("finds a key inside a JSON string argument (the Perplexity leak)", () => {
    const key = `pplx-${pick(ALNUM, 48)}`;
    const found = secretsInArgs(["-y", "@smithery/cli", "run", "perplexity", "--config", JSON.stringify({ perplexityApiKey: key, model: "sonar" })]);
    expect(found).toEqual([{ path: "args[5].perplexityApiKey", name: "perplexityApiKey", value: key, secret: true }]);
  });

  it("leaves placeholders, paths and numbers alone", () => {
    expect(secretsInArgs(["--token", "${GITHUB_TOKEN}", "--api-key", "<YOUR_KEY>", "--password-file", "/run/secrets/pw", "-e", "GITHUB_TOKEN"])).toEqual([]);
  });
});

describe("secretsInUrl", () => {
  it("finds the user-info password, key-like query values and random path segments", () => {
    const [pw, q, seg] = [secret(), secret(), `${pick(ALNUM, 10)}9${pick(ALNUM, 15)}`];
    const found = secretsInUrl(`https://bot:${pw}@mcp.example.com/u/${seg}/sse?apiKey=${q}&region=eu`, "url");
    expect(found.map((value) => [value.path, value.value])).toEqual([
      ["url.password", pw],
      ["url?apiKey", q],
      ["url/[2]", seg],
    ]);
  });
});

describe("secretUnderName", () => {
  it("strips an auth scheme from a header and ignores placeholders", () => {
    const value = secret();
    expect(secretUnderName("Authorization", `Bearer ${value}`, "headers.Authorization", true)).toEqual([
      { path: "headers.Authorization", name: "Authorization", value, secret: true },
    ]);
    expect(secretUnderName("Authorization", "Bearer ${input:token}", "h", true)).toEqual([]);
    expect(secretUnderName("LOG_LEVEL", "debug", "env.LOG_LEVEL")).toEqual([]);
    // Keys issued to be public are not secrets, whatever the variable is called.
    expect(secretUnderName("STRIPE_KEY", `pk_live_${pick(ALNUM, 24)}`, "env.STRIPE_KEY")).toEqual([]);
    expect(secretUnderName("SUPABASE_KEY", createFakeSecrets(3).jwt({ iss: "supabase", role: "anon" }), "env.SUPABASE_KEY")).toEqual([]);
  });
});

describe("redaction for display", () => {
  it("keeps flags, packages, paths, hosts and numbers; hides everything in a secret position or of unknown shape", () => {
    const [a, b] = [secret(), secret()];
    expect(redactArgs(["-y", "@modelcontextprotocol/server-github@1.2.0", "--token", a, "/home/u/code", "C:\\Users\\u", "mcp.example.com", "8080", b])).toEqual([
      "-y",
      "@modelcontextprotocol/server-github@1.2.0",
      "--token",
      "<redacted>",
      "/home/u/code",
      "C:\\Users\\u",
      "mcp.example.com",
      "8080",
      "<redacted>",
    ]);
  });

  it("hides secret values inside a JSON argument but keeps its shape", () => {
    const key = `pplx-${pick(ALNUM, 48)}`;
    const shown = redactArgs([JSON.stringify({ perplexityApiKey: key, model: "sonar", nested: { token: "abc" } })])[0];
    expect(shown).not.toContain(key);
    expect(JSON.parse(shown)).toEqual({ perplexityApiKey: "<redacted>", model: "sonar", nested: { token: "<redacted>" } });
  });

  it("hides URL passwords, key-like query values and random path segments", () => {
    const [pw, q] = [secret(), secret()];
    expect(redactUrl(`https://bot:${pw}@mcp.example.com/sse?key=${q}&region=eu`)).toBe("https://bot:<redacted>@mcp.example.com/sse?key=<redacted>&region=eu");
  });

  it("reads a shell command word by word", () => {
    const [a, b] = [secret(), secret()];
    const shown = redactConfigText(`curl -H "Authorization: Bearer ${a}" https://api.example.com/v1 && API_TOKEN=${b} node hook.js`);
    expect(shown).not.toContain(a);
    expect(shown).not.toContain(b);
    expect(shown).toContain("https://api.example.com/v1");
    expect(shown).toContain("API_TOKEN=<redacted>");
    expect(shown).toContain("node hook.js");
  });
});
