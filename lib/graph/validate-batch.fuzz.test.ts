/**
 * Fuzz: a pushed batch is bytes from the network. The sliced JSON parser and the batch validation together
 * accept it or refuse it with one AppError naming the JSON path; no crash (a deep nesting included), and no
 * secret from the body quoted in the error.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBatchJsonSync } from "@/lib/api/batch-json";
import { postureBatch } from "@/lib/sweeps/testing/posture-batch";
import { expectClearOutcome, expectClearOutcomeAsync, FUZZ_CANARY, fuzzJson, fuzzOptions, fuzzText } from "@/lib/testing/fuzz";
import { validateBatch, validateBatchInSlices } from "./validate-batch";

const LIMITS = { records: { nodes: 1_000, edges: 1_000, warnings: 100 }, maxDepth: 64 };
const SAMPLES = [JSON.stringify(postureBatch({ extraProps: { note: FUZZ_CANARY } })), JSON.stringify(postureBatch(), null, 2)];

describe("pushed batches, fuzzed", () => {
  it("any body is a valid batch or one clear error", () => {
    fc.assert(
      fc.property(fuzzText(SAMPLES), (text) => {
        const raw = expectClearOutcome(() => parseBatchJsonSync(new TextEncoder().encode(text), LIMITS));
        if (raw !== undefined) expectClearOutcome(() => validateBatch(raw));
      }),
      fuzzOptions,
    );
  });

  it("any JSON value is a valid batch or one clear error, sliced or not", async () => {
    await fc.assert(
      fc.asyncProperty(fuzzJson, async (raw) => {
        const once = expectClearOutcome(() => validateBatch(raw));
        const sliced = await expectClearOutcomeAsync(() => validateBatchInSlices(raw));
        expect(sliced === undefined).toBe(once === undefined);
      }),
      fuzzOptions,
    );
  });

  it("a nesting far past the limit is refused as too deep, not a stack overflow", () => {
    fc.assert(
      fc.property(fc.integer({ min: 65, max: 20_000 }), fc.constantFrom("[", '{"a":'), (depth, open) => {
        const close = open === "[" ? "]" : "}";
        const body = `{"collector":"x","nodes":[{"kind":"agent","key":"k","name":"n","props":${open.repeat(depth)}1${close.repeat(depth)}}],"edges":[]}`;
        expectClearOutcome(() => parseBatchJsonSync(new TextEncoder().encode(body), LIMITS));
      }),
      { ...fuzzOptions, numRuns: 20 },
    );
  });
});
