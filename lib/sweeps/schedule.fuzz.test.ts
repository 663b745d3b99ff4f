/**
 * Fuzz: a source's cron schedule and time zone are typed by a user. Any pair validates or fails with a
 * bad_request AppError; a validated schedule always has a next run.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClearOutcome, fuzzOptions, fuzzText } from "@/lib/testing/fuzz";
import { nextRunAfter, validateSchedule } from "./schedule";

const CRON_SAMPLES = ["0 3 * * *", "*/15 * * * *", "0 0 30 2 *", "@daily", "0 9 * * 1-5", "0 0 1 1 * 2030", "5 4 L * ?"];
const ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Etc/GMT+12", "Mars/Olympus", ""];

describe("cron schedules, fuzzed", () => {
  it("any expression and time zone validate or fail clearly", () => {
    const now = new Date("2026-12-06T08:00:00Z");
    fc.assert(
      fc.property(fuzzText(CRON_SAMPLES), fc.oneof(fc.constantFrom(...ZONES), fc.string({ maxLength: 30 })), (expression, zone) => {
        const next = expectClearOutcome(() => validateSchedule(expression, zone, now));
        if (next === undefined) return;
        expect(next).toBeInstanceOf(Date);
        expect(nextRunAfter(expression, zone, now)).toBeInstanceOf(Date);
      }),
      fuzzOptions,
    );
  });
});
