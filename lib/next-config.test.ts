import { afterEach, describe, expect, it, vi } from "vitest";

async function loadConfig() {
  vi.resetModules();
  return (await import("@/next.config")).default;
}

describe("next.config", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("leaves compression to the proxy in front unless BLASTMAP_COMPRESS=1", async () => {
    vi.stubEnv("BLASTMAP_COMPRESS", "");
    expect((await loadConfig()).compress).toBe(false);
    vi.stubEnv("BLASTMAP_COMPRESS", "1");
    expect((await loadConfig()).compress).toBe(true);
  });
});
