import { describe, expect, it } from "vitest";
import { deriveConfigKey, mergeSecrets, openSecrets, SECRET_PLACEHOLDER, sealSecrets, splitSecrets } from "@/lib/sweeps/source-secrets";

const key = deriveConfigKey("a-test-auth-secret-that-is-long-enough-0123");
const PASSWORD = "FAKE-pg-password-p@ss/word";

describe("source secrets", () => {
  it("takes a URL's password and token-like fields out of the config, and puts them back", () => {
    const input = { url: `postgres://auditor:${encodeURIComponent(PASSWORD)}@db.internal:5432/app`, apiToken: "FAKE-token-123", roots: ["/srv"] };
    const { config, secrets } = splitSecrets(input);
    expect(JSON.stringify(config)).not.toContain("FAKE");
    // The masked password reads as dots, not as their percent-encoding.
    expect(config.url).toBe(`postgres://auditor:${SECRET_PLACEHOLDER}@db.internal:5432/app`);
    expect(config.apiToken).toBe(SECRET_PLACEHOLDER);
    expect(mergeSecrets(config, secrets)).toEqual(input);
  });

  it("keeps the stored secret when an edit sends the placeholder back", () => {
    const first = splitSecrets({ url: `postgres://u:${encodeURIComponent(PASSWORD)}@h/db` });
    const edited = splitSecrets({ url: first.config.url as string }, first.secrets);
    expect(edited.secrets).toEqual(first.secrets);
    // The old encoded form, as saved configs and API clients may still send it, keeps the secret too.
    const encoded = splitSecrets({ url: `postgres://u:${encodeURIComponent(SECRET_PLACEHOLDER)}@h/db` }, first.secrets);
    expect(encoded.secrets).toEqual(first.secrets);
  });

  it("F6: drops the stored password when an edit points the URL at another host, port, user or database", () => {
    const saved = splitSecrets({ url: `postgres://u:${encodeURIComponent(PASSWORD)}@h:5432/db?sslmode=require` });
    const shown = saved.config.url as string;
    for (const [from, to] of [["@h:", "@evil.test:"], [":5432/", ":6543/"], ["//u:", "//admin:"], ["/db?", "/other?"], ["sslmode=require", "sslmode=require&host=evil.test"]]) {
      const moved = splitSecrets({ url: shown.replace(from, to) }, saved.secrets, saved.config);
      expect(JSON.stringify(moved.secrets), `${from} → ${to}`).not.toContain("FAKE");
      expect(moved.config.url, `${from} → ${to}`).not.toContain(encodeURIComponent(SECRET_PLACEHOLDER));
    }
    // Without its binding (a secret sealed before bindings existed), the stored config says where it went.
    const legacy = { url: saved.secrets.url };
    expect(splitSecrets({ url: shown.replace("@h:", "@evil.test:") }, legacy, saved.config).secrets).toEqual({});
    expect(splitSecrets({ url: shown }, legacy, saved.config).secrets.url).toBe(PASSWORD);
  });

  it("F6: a sweep refuses to send a secret to a URL other than the one it was saved for", () => {
    const saved = splitSecrets({ url: `postgres://u:${encodeURIComponent(PASSWORD)}@h:5432/db` });
    const tampered = { url: (saved.config.url as string).replace("@h:", "@evil.test:") };
    expect(() => mergeSecrets(tampered, saved.secrets)).toThrow(/where its secret is sent changed/);
    const field = splitSecrets({ host: "k8s.internal", token: "FAKE-token-1" });
    expect(() => mergeSecrets({ ...field.config, host: "evil.test" }, field.secrets)).toThrow(/where its secret is sent changed/);
    expect(splitSecrets({ ...field.config, host: "evil.test" }, field.secrets, field.config).secrets).toEqual({});
  });

  it("F5: seals secrets in a URL's query string and a token in its user name, and shows none of them", () => {
    const input = {
      url: `postgres://auditor@db.internal:5432/app?sslmode=require&password=${encodeURIComponent(PASSWORD)}&sslpassword=FAKE-ssl-key-pass`,
      repo: "https://FAKE-ghp-token-0000@github.com/acme/app.git",
      api: "https://api.example.test/v1?api_key=FAKE-api-key-1&region=eu",
    };
    const { config, secrets } = splitSecrets(input);
    expect(JSON.stringify(config)).not.toContain("FAKE");
    expect(config.url).toContain("sslmode=require");
    expect(config.api).toContain("region=eu");
    expect(mergeSecrets(config, secrets)).toEqual({
      url: `postgres://auditor@db.internal:5432/app?sslmode=require&password=${encodeURIComponent(PASSWORD).replace(/%20/g, "+")}&sslpassword=FAKE-ssl-key-pass`,
      repo: input.repo,
      api: input.api,
    });
    const kept = splitSecrets(config, secrets, config);
    expect(mergeSecrets(kept.config, kept.secrets)).toEqual(mergeSecrets(config, secrets));
  });

  it("seals with AES-256-GCM: opens with the same key, refuses a tampered box or another key", () => {
    const sealed = sealSecrets({ url: PASSWORD }, key);
    expect(sealed).not.toContain("FAKE");
    expect(openSecrets(sealed, key)).toEqual({ url: PASSWORD });
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => openSecrets(tampered, key)).toThrow(/cannot be decrypted/);
    expect(() => openSecrets(sealed, deriveConfigKey("another-auth-secret-which-is-also-long-0000"))).toThrow(/cannot be decrypted/);
    expect(sealed.startsWith("v2.")).toBe(true);
  });
});
