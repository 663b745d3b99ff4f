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
    const changedHost = splitSecrets({ url: (first.config.url as string).replace("@h/", "@h2/") }, first.secrets);
    expect(mergeSecrets(changedHost.config, changedHost.secrets).url).toBe(`postgres://u:${encodeURIComponent(PASSWORD)}@h2/db`);
  });

  it("seals with AES-256-GCM: opens with the same key, refuses a tampered box or another key", () => {
    const sealed = sealSecrets({ url: PASSWORD }, key);
    expect(sealed).not.toContain("FAKE");
    expect(openSecrets(sealed, key)).toEqual({ url: PASSWORD });
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => openSecrets(tampered, key)).toThrow(/cannot be decrypted/);
    expect(() => openSecrets(sealed, deriveConfigKey("another-auth-secret-which-is-also-long-0000"))).toThrow(/cannot be decrypted/);
  });
});
