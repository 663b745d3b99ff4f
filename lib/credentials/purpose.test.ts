import { describe, expect, it } from "vitest";
import { derivePurpose, purposeFromComment, purposeFromFile, purposeFromName } from "@/lib/credentials/purpose";

describe("purpose", () => {
  it("keeps only the words of a variable name that say what it is for", () => {
    expect(purposeFromName("RAILWAY_TOKEN_CUSTOM_DOMAINS")).toBe("custom domains");
    expect(purposeFromName("deployBotGithubToken")).toBe("deploy bot");
    expect(purposeFromName("GITHUB_TOKEN")).toBeUndefined();
    expect(purposeFromName("DATABASE_URL")).toBeUndefined();
  });

  it("reads a comment above, but never one that holds something token-like", () => {
    expect(purposeFromComment("# token for custom domains")).toBe("token for custom domains");
    expect(purposeFromComment("// CI: publish releases")).toBe("CI: publish releases");
    expect(purposeFromComment("# old: ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ")).toBeUndefined();
    expect(purposeFromComment("const x = 1;")).toBeUndefined();
  });

  it("uses a descriptive file name, not a generic one", () => {
    expect(purposeFromFile("/repo/scripts/custom-domains.sh")).toBe("custom domains");
    expect(purposeFromFile("/repo/.env")).toBeUndefined();
    expect(purposeFromFile("/repo/.env.production")).toBeUndefined();
    expect(purposeFromFile("/home/u/.aws/credentials")).toBeUndefined();
  });

  it("prefers a parser's hint, then the name, then the comment, then the file", () => {
    expect(derivePurpose({ envVar: "STRIPE_REFUNDS_KEY", lineAbove: "# billing", file: "/r/x.sh" })).toBe("refunds");
    expect(derivePurpose({ envVar: "STRIPE_KEY", lineAbove: "# billing", file: "/r/x.sh" })).toBe("billing");
    expect(derivePurpose({ envVar: "X", file: "/r/refund-bot.ts", hint: "gh CLI login" })).toBe("gh CLI login");
  });
});
