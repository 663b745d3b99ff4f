/**
 * Fuzz: every API input schema (each app/api/v1/**\/schema.ts, found at run time so a new route's schema is
 * fuzzed without editing this file), through the same parsing the route handlers use: any JSON value is
 * parsed or refused with a bad_request AppError that quotes no secret from the input.
 */
import fc from "fast-check";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { parseWith } from "@/lib/api/define-route";
import { expectClearOutcome, FUZZ_CANARY, fuzzJson, fuzzOptions } from "@/lib/testing/fuzz";

const modules = import.meta.glob<Record<string, unknown>>("./**/schema.ts", { eager: true });
const schemas = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType)
    .map(([name, schema]) => ({ name: `${file.slice(2)} ${name}`, schema })),
);

/** Values shaped like real inputs: objects with the schemas' own field names, wrong types and the canary. */
const fieldValue = fc.oneof(fuzzJson, fc.string(), fc.integer(), fc.constant(FUZZ_CANARY), fc.constant(null));
const shapedInput = fc.dictionary(fc.constantFrom("id", "name", "collector", "config", "schedule", "timezone", "enabled", "timeoutSeconds", "sourceIds", "limit", "before", "expiresAt", FUZZ_CANARY), fieldValue);

describe("API input schemas, fuzzed", () => {
  it("finds the schemas", () => {
    expect(schemas.length).toBeGreaterThanOrEqual(8);
  });

  for (const { name, schema } of schemas) {
    it(`${name}: any input parses or is a clear bad request`, () => {
      fc.assert(
        fc.property(fc.oneof(fuzzJson, shapedInput), (input) => {
          expectClearOutcome(() => parseWith(schema, input, "body"));
        }),
        { ...fuzzOptions, numRuns: Math.ceil(fuzzOptions.numRuns / 2) },
      );
    });
  }
});
