import { describe, expect, it } from "vitest";
import { fingerprintSecret, redactPreview } from "@/lib/credentials/fingerprint";

describe("fingerprintSecret", () => {
  const key = Buffer.from("k".repeat(32));
  it("is stable for one key and differs across keys", () => {
    expect(fingerprintSecret(key, "s3cret-value")).toBe(fingerprintSecret(key, "s3cret-value"));
    expect(fingerprintSecret(Buffer.from("j".repeat(32)), "s3cret-value")).not.toBe(fingerprintSecret(key, "s3cret-value"));
    expect(fingerprintSecret(key, "s3cret-value")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("redactPreview", () => {
  it("shows at most 4 leading and 4 trailing characters", () => {
    expect(redactPreview("ghp_abcdefghijklmnopqrstuvwxyz0123456789")).toBe("ghp_…6789");
  });
  it("shows less of a short secret, and nothing of a very short one", () => {
    expect(redactPreview("abcdefghijklmnop")).toBe("ab…op");
    expect(redactPreview("abcdefgh")).toBe("a…h");
    expect(redactPreview("abc")).toBe("…");
  });
});
