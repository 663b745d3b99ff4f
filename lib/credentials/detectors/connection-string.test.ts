import { describe, expect, it } from "vitest";
import { detectConnectionStrings } from "@/lib/credentials/detectors/connection-string";
import { createLineLocator } from "@/lib/credentials/text-lines";

const detect = (text: string) => detectConnectionStrings(text, createLineLocator(text));

describe("connection strings", () => {
  it("parses user, host, port, database and platform; the password is the value", () => {
    const [d] = detect("url: postgresql://neondb_owner:pw-a1b2c3d4@ep-cool-1234.us-east-2.aws.neon.tech/neondb?sslmode=require");
    expect(d).toMatchObject({ provider: "postgres", value: "pw-a1b2c3d4", identity: { user: "neondb_owner", host: "ep-cool-1234.us-east-2.aws.neon.tech", port: 5432, database: "neondb", platform: "neon" } });
  });

  it("defaults ports and database, decodes percent-encoding, normalises localhost", () => {
    const [pg] = detect("postgres://app:p%40ss%2Fword@localhost/app");
    expect(pg).toMatchObject({ value: "p@ss/word", identity: { host: "127.0.0.1", port: 5432, database: "app" } });
    const [my] = detect("mysql://root:rootpass99@mysql.internal/orders");
    expect(my).toMatchObject({ provider: "mysql", identity: { port: 3306, database: "orders" } });
  });

  it("ignores URLs without a password and placeholders", () => {
    expect(detect("postgres://app@db/app")).toEqual([]);
    expect(detect("postgres://app:${PGPASSWORD}@db/app")).toEqual([]);
    expect(detect("postgres://user:password@host/db")).toEqual([]);
    expect(detect("postgres://app:<password>@db/app")).toEqual([]);
    expect(detect("https://app:pw123456@example.com")).toEqual([]);
  });

  it("fingerprints the password together with user, server and database", () => {
    const [a] = detect("postgres://app:samepass1@db1:5432/x");
    const [b] = detect("postgres://app:samepass1@db2:5432/x");
    expect(a.fingerprintInput).not.toBe(b.fingerprintInput);
  });
});
