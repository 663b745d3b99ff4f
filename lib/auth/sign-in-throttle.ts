/**
 * Sign-in throttling, per account and per address, counted from the audit log's failed sign-ins, so it
 * holds across restarts and across app instances sharing one database.
 */
import type { Db } from "@/lib/db/client";
import { countRecentFailuresOfUser, countRecentSignInFailures, type SignInFailures } from "@/lib/db/queries/audit";
import { AppError } from "@/lib/errors";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Failures of one username within the window (restarting at its last success). */
export const ACCOUNT_FAILURE_LIMIT = 5;
/** Failures from one address within the window, over all usernames. */
export const ADDRESS_FAILURE_LIMIT = 20;

/** Throws "Too many attempts; try again in N minutes." when either limit is reached. */
export async function assertSignInAllowed(db: Db, username: string, address: string | null, now = new Date()): Promise<void> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const checks = [countRecentSignInFailures(db, { target: username }, since).then((f) => ({ ...f, limit: ACCOUNT_FAILURE_LIMIT }))];
  if (address) checks.push(countRecentSignInFailures(db, { address }, since).then((f) => ({ ...f, limit: ADDRESS_FAILURE_LIMIT })));
  for (const failures of await Promise.all(checks)) assertUnder(failures, now);
}

/**
 * A signed-in user guessing at their own current password (a stolen session trying to learn it) meets the
 * same limit as a sign-in.
 */
export async function assertPasswordChangeAllowed(db: Db, userId: number, now = new Date()): Promise<void> {
  const failures = await countRecentFailuresOfUser(db, "auth.password_change", userId, new Date(now.getTime() - THROTTLE_WINDOW_MS));
  assertUnder({ ...failures, limit: ACCOUNT_FAILURE_LIMIT }, now);
}

function assertUnder(failures: SignInFailures & { limit: number }, now: Date): void {
  if (failures.count < failures.limit || !failures.oldest) return;
  const waitMs = failures.oldest.getTime() + THROTTLE_WINDOW_MS - now.getTime();
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  throw new AppError("too_many_requests:sign_in", `Too many attempts; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
}
