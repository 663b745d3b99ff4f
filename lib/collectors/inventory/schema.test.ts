/**
 * The zod schema and inventory.schema.json must agree: each sample is validated by both, the JSON Schema
 * through zod's own JSON Schema reader (an independent reading of the file, not of our zod code).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fromJSONSchema } from "zod";
import { inventorySchema } from "@/lib/collectors/inventory/schema";

const jsonSchema = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "inventory.schema.json"), "utf8"));
const fromFile = fromJSONSchema(jsonSchema);
const example = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "fixtures/railway.inventory.json"), "utf8"));

const base = { version: 1 };
const identity = { id: "u1", provider: "railway", type: "user" };
const resource = { id: "r1", provider: "railway", type: "volume" };
const credential = { id: "c1", provider: "railway", kind: "account-token", purpose: "domains" };

const VALID: [string, unknown][] = [
  ["the documented example", example],
  ["the minimum", base],
  ["empty sections", { ...base, identities: [], resources: [], permissions: [] }],
  ["a verbatim key", { ...base, identities: [{ ...identity, key: "postgres:h:5432:role:app" }] }],
  ["every permission class", { ...base, permissions: ["D1", "D2", "D3", "D4", "D5", "W", "R"].map((c) => ({ identity: "u1", resource: "r1", actions: ["x"], class: c })) }],
  ["dates with offsets and fractions", { ...base, credentials: [{ ...credential, createdAt: "2026-01-01T00:00:00.123+02:00", expiresAt: "2026-01-01T00:00:00Z" }] }],
  ["a fingerprint", { ...base, credentials: [{ ...credential, fingerprint: "a".repeat(64) }] }],
  ["a gate without provider", { ...base, approvalGates: [{ id: "g", name: "Gate", appliesTo: ["u1"] }] }],
  ["free-form props", { ...base, resources: [{ ...resource, props: { sizeGb: 20 } }] }],
];
const INVALID: [string, unknown][] = [
  ["no version", {}],
  ["version 2", { version: 2 }],
  ["an unknown top-level field", { ...base, extra: true }],
  ["an unknown item field (typo)", { ...base, identities: [{ ...identity, memberof: [] }] }],
  ["identity without type", { ...base, identities: [{ id: "u1", provider: "railway" }] }],
  ["empty id", { ...base, resources: [{ ...resource, id: "" }] }],
  ["bad class", { ...base, permissions: [{ identity: "u1", resource: "r1", actions: ["x"], class: "D9" }] }],
  ["no actions", { ...base, permissions: [{ identity: "u1", resource: "r1", actions: [], class: "D1" }] }],
  ["credential without purpose", { ...base, credentials: [{ id: "c1", provider: "railway", kind: "t" }] }],
  ["a date without zone", { ...base, credentials: [{ ...credential, lastUsedAt: "2026-01-01T10:00:00" }] }],
  ["a date without seconds", { ...base, credentials: [{ ...credential, lastUsedAt: "2026-01-01T10:00Z" }] }],
  ["a date with a space", { ...base, credentials: [{ ...credential, lastUsedAt: "2026-01-01 10:00:00Z" }] }],
  ["an upper-case fingerprint", { ...base, credentials: [{ ...credential, fingerprint: "A".repeat(64) }] }],
  ["a recovery copy without of", { ...base, recoveryCopies: [{ id: "b", provider: "railway", type: "backup" }] }],
  ["a gate for nobody", { ...base, approvalGates: [{ id: "g", name: "Gate", appliesTo: [] }] }],
  ["sections that are not arrays", { ...base, identities: {} }],
  ["a non-object root", []],
];

describe("inventory.schema.json and the zod schema agree", () => {
  it("is a draft 2020-12 schema", () => {
    expect(jsonSchema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });
  it.each(VALID)("both accept %s", (_name, sample) => {
    expect(inventorySchema.safeParse(sample).success).toBe(true);
    expect(fromFile.safeParse(sample).success).toBe(true);
  });
  it.each(INVALID)("both reject %s", (_name, sample) => {
    expect(inventorySchema.safeParse(sample).success).toBe(false);
    expect(fromFile.safeParse(sample).success).toBe(false);
  });
  it("describes the same fields for every section", () => {
    const defs = jsonSchema.$defs as Record<string, { properties: Record<string, unknown>; required: string[] }>;
    const shape = inventorySchema.shape;
    const sections: [keyof typeof shape, string][] = [
      ["identities", "identity"],
      ["resources", "resource"],
      ["recoveryCopies", "recoveryCopy"],
      ["permissions", "permission"],
      ["credentials", "credential"],
      ["approvalGates", "approvalGate"],
    ];
    for (const [section, def] of sections) {
      const item = (shape[section] as unknown as { unwrap(): { element: { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> } } })
        .unwrap().element;
      expect(Object.keys(item.shape).sort(), def).toEqual(Object.keys(defs[def].properties).sort());
      const required = Object.entries(item.shape)
        .filter(([, field]) => !field.safeParse(undefined).success)
        .map(([name]) => name);
      expect(required.sort(), def).toEqual([...defs[def].required].sort());
    }
  });
});
