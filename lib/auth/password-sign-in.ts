/**
 * Sign-in with a username and password: throttle, verify (a dummy hash for unknown users, so both
 * answer in the same time), re-hash an old bcrypt hash, and record the outcome in the audit log.
 */
import { recordAudit } from "@/lib/audit/record-audit";
import { KeyedLock } from "@/lib/auth/keyed-lock";
import { assertSignInAllowed } from "@/lib/auth/sign-in-throttle";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";
import { findUserByUsername, updateUser } from "@/lib/db/queries/users";
import type { User } from "@/lib/db/schema";
import { AppError, isAppError } from "@/lib/errors";

export const WRONG_CREDENTIALS = "Wrong username or password.";

const accountLock = new KeyedLock();
const addressLock = new KeyedLock();

/**
 * Attempts on one account, and from one address, take turns in this process, so each sees the failures
 * before it (always the account's lock first, then the address's: no two attempts wait on each other).
 */
export function signInWithPassword(db: Db, input: { username: string; password: string; address: string | null }): Promise<User> {
  return accountLock.run(input.username, () => (input.address ? addressLock.run(input.address, () => attemptSignIn(db, input)) : attemptSignIn(db, input)));
}

async function attemptSignIn(db: Db, input: { username: string; password: string; address: string | null }): Promise<User> {
  const { username, password, address } = input;
  const actor = { name: username };
  try {
    await assertSignInAllowed(db, username, address);
  } catch (error) {
    if (isAppError(error)) await recordAudit(db, { actor, action: "auth.sign_in", outcome: "denied", target: username, address, detail: { reason: "throttled" } });
    throw error;
  }
  const user = await findUserByUsername(db, username);
  const matches = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
  if (!user || !matches || user.disabledAt) {
    // One message for all three: which usernames exist, or are disabled, is nobody's business.
    const reason = !user ? "unknown_user" : user.disabledAt ? "disabled" : "wrong_password";
    await recordAudit(db, { actor, action: "auth.sign_in", outcome: "failure", target: username, address, detail: { reason, method: "password" } });
    throw new AppError("unauthorized:credentials", WRONG_CREDENTIALS);
  }
  if (user.passwordHash && needsRehash(user.passwordHash)) {
    await updateUser(db, user.id, { passwordHash: await hashPassword(password) });
  }
  await recordAudit(db, { actor: { userId: user.id, name: user.username }, action: "auth.sign_in", target: username, address, detail: { method: "password" } });
  return user;
}
