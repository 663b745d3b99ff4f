import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-url";

describe("safeCallbackPath", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeCallbackPath("/agents/12?tab=reach#paths")).toBe("/agents/12?tab=reach#paths");
    expect(safeCallbackPath("/findings?status=open&q=a%20b")).toBe("/findings?status=open&q=a%20b");
  });

  it("sends anything that could leave this origin to the overview", () => {
    const decoded = (s: string) => decodeURIComponent(s); // what searchParams hands the page
    for (const attempt of [
      "//evil.test/x",
      "/\\evil.test/x",
      decoded("/%5Cevil.test"),
      decoded("/%09/evil.test"),
      decoded("/%0a/evil.test"),
      decoded("%09//evil.test"),
      "\\/evil.test",
      "https://evil.test/",
      "javascript:alert(1)",
      "evil.test",
      "/./\\/evil.test",
      "",
      undefined,
    ]) {
      expect(safeCallbackPath(attempt), String(attempt)).toBe("/");
    }
  });
});
