/**
 * What every fuzzed parser must do with any input: return, or throw an AppError (a clear message a user can
 * act on), never crash with a TypeError or a stack overflow, and never quote a secret it was handed. The
 * runs are bounded (numRuns and a time limit per property) so the whole fuzz suite stays under a minute in CI.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { createFakeSecrets } from "@/lib/credentials/testing/fake-secrets";
import { isAppError } from "@/lib/errors";

/** Runs per property: enough to find shallow crashes in CI; raise locally with FUZZ_RUNS=5000. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/** Stops a property after this long, whatever numRuns says: a slow parser must not stall CI. */
export const FUZZ_TIME_LIMIT_MS = 8_000;

export const fuzzOptions = { numRuns: FUZZ_RUNS, interruptAfterTimeLimit: FUZZ_TIME_LIMIT_MS } as const;

/** A canary built at run time: it may sit anywhere in the input and must never come back in an error. */
export const FUZZ_CANARY = createFakeSecrets(Date.now() & 0xffff).planted.githubClassic().secret;

/** Characters that break parsers and terminals: quotes, brackets, control and bidi characters, surrogates. */
const NASTY = ["\u0000", "\u202e", "\u2066", "\ud800", "\"", "'", "{", "}", "[", "]", ":", "\n", "\r", "\t", "#", "&", "*", "!", "---", "\\", "<", ">", "${", "%", "=", FUZZ_CANARY];

/** Text close to a valid sample: cut, with nasty fragments or random strings inserted at random places. */
export function mutatedText(samples: string[]): fc.Arbitrary<string> {
  const fragment = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 20 }), fc.string({ unit: "binary", maxLength: 10 }));
  const edit = fc.tuple(fc.nat(), fc.oneof(fragment.map((f) => ({ insert: f })), fc.constant({ cut: true }), fc.nat({ max: 40 }).map((drop) => ({ drop }))));
  return fc.tuple(fc.constantFrom(...samples), fc.array(edit, { maxLength: 6 })).map(([sample, edits]) => {
    let text = sample;
    for (const [at, op] of edits) {
      const i = text.length === 0 ? 0 : at % (text.length + 1);
      if ("insert" in op) text = text.slice(0, i) + op.insert + text.slice(i);
      else if ("cut" in op) text = text.slice(0, i);
      else text = text.slice(0, i) + text.slice(i + op.drop);
    }
    return text;
  });
}

/** Any text: valid-looking samples mutated, or plain random strings (unicode and raw bytes). */
export function fuzzText(samples: string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: mutatedText(samples) }, fc.string({ unit: "grapheme", maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }));
}

/** Any JSON value, with the canary among the strings and keys, and nesting deeper than most schemas expect. */
export const fuzzJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 6 }).chain((value) =>
  fc.oneof(fc.constant(value), fc.constant({ [FUZZ_CANARY]: value }), fc.constant([FUZZ_CANARY, value])),
);

/** Runs `parse`; passes when it returns or throws an AppError whose message holds no canary. */
export function expectClearOutcome(parse: () => unknown): unknown {
  try {
    return parse();
  } catch (error) {
    expect(isAppError(error), `not an AppError: ${String(error)}`).toBe(true);
    expect((error as Error).message).not.toContain(FUZZ_CANARY);
    return undefined;
  }
}

/** The same for async parsers. */
export async function expectClearOutcomeAsync(parse: () => Promise<unknown>): Promise<unknown> {
  try {
    return await parse();
  } catch (error) {
    expect(isAppError(error), `not an AppError: ${String(error)}`).toBe(true);
    expect((error as Error).message).not.toContain(FUZZ_CANARY);
    return undefined;
  }
}

/** Warnings a parser returns instead of throwing: each names a problem and quotes no canary. */
export function expectCleanWarnings(warnings: { message: string }[]): void {
  for (const warning of warnings) {
    expect(typeof warning.message).toBe("string");
    expect(warning.message).not.toContain(FUZZ_CANARY);
  }
}
