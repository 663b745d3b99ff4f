import { afterEach, describe, expect, it, vi } from "vitest";
import { getEnv, resetEnvForTests } from "@/lib/env";

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("getEnv", () => {
  it("defaults to the embedded database in ./.blastmap on port 3000", () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("PORT", undefined);
    vi.stubEnv("BLASTMAP_DATA_DIR", undefined);
    const env = getEnv();
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.dataDir.endsWith(".blastmap")).toBe(true);
  });

  it("rejects a malformed DATABASE_URL in one line that says how to fix it", () => {
    vi.stubEnv("DATABASE_URL", "mysql://nope");
    expect(() => getEnv()).toThrow("DATABASE_URL must look like postgres://user:password@host:5432/database. Fix or unset it and try again.");
  });

  it("rejects an invalid port", () => {
    vi.stubEnv("PORT", "99999");
    expect(() => getEnv()).toThrow(/^PORT /);
  });
});
