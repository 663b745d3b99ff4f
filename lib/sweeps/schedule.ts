/**
 * Cron schedules of sources. croner parses the expression; two mistakes it does not report when parsing
 * are checked here: a bad time zone (croner fails only when computing a date) and an expression that
 * can never fire ("0 0 30 2 *": croner quietly answers "no next run").
 */
import { Cron } from "croner";
import { redactSecretWords } from "@/lib/credentials/redact-text";
import { AppError } from "@/lib/errors";

/** Throws bad_request:input with a message a user can act on; returns the next run otherwise. */
export function validateSchedule(expression: string, timezone: string, now = new Date()): Date {
  if (!isValidTimezone(timezone)) {
    throw new AppError("bad_request:input", `Unknown time zone "${redactSecretWords(timezone)}": use an IANA name such as "UTC" or "Europe/Paris".`);
  }
  let cron: Cron;
  try {
    cron = new Cron(expression, { paused: true, timezone });
  } catch (error) {
    const message = (error as Error).message.replace(/^CronPattern:\s*/, "");
    // The message quotes what was typed, and a token pasted into the wrong field must not be shown back.
    throw new AppError("bad_request:input", redactSecretWords(`Invalid schedule "${expression}": ${message}.`), { cause: error });
  }
  const next = cron.nextRun(now);
  if (!next) throw new AppError("bad_request:input", redactSecretWords(`Schedule "${expression}" never fires (no such date, e.g. February 30).`));
  return next;
}

/** The next run strictly after `after`, or null when there is none (never, for a validated schedule). */
export function nextRunAfter(expression: string, timezone: string, after: Date): Date | null {
  return new Cron(expression, { paused: true, timezone }).nextRun(after);
}

function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}
