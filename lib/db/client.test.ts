import { describe, expect, it } from "vitest";
import { chooseDriver, describeUrl } from "@/lib/db/client";

describe("chooseDriver", () => {
  it("uses PGlite without a URL, Neon for Neon hosts, node-postgres otherwise", () => {
    expect(chooseDriver(undefined)).toBe("pglite");
    expect(chooseDriver("postgres://u:p@ep-cool-123.eu-central-1.aws.neon.tech/db")).toBe("neon");
    expect(chooseDriver("postgres://u:p@127.0.0.1:5432/db")).toBe("pg");
    expect(chooseDriver("postgres://u:p@127.0.0.1:5432/db", "neon")).toBe("neon");
  });

  it("never shows the password when describing a URL", () => {
    expect(describeUrl("postgres://user:hunter2@db.internal:6543/app")).toBe("db.internal:6543/app");
  });
});
