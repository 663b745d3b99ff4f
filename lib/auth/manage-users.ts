/**
 * What admins do to users, and what users do to their own password. Each change is recorded in the audit
 * log, and anything that takes rights away (disable, delete, a role or approver change, a password reset)
 * ends the user's sessions at once.
 */
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "@/lib/auth/password";
import { endSessionsOfUser } from "@/lib/auth/sessions";
import { assertPasswordChangeAllowed } from "@/lib/auth/sign-in-throttle";
import type { Db } from "@/lib/db/client";
import { countOtherActiveAdmins, deleteUser, getUserOrThrow, insertUser, updateUser } from "@/lib/db/queries/users";
import { USER_ROLES, type User, type UserRole } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

/** Local usernames: no ":", which single sign-on names carry ("sso:…"), so neither can pose as the other. */
export const usernameSchema = z
  .string()
  .trim()
  .min(1, "give a username")
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, "letters, digits and . _ @ - only");

export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1000);

export const roleSchema = z.enum(USER_ROLES);

export interface Actor {
  id: number;
  name: string;
  address: string | null;
}

function audit(
  db: Db,
  actor: Actor,
  action: Parameters<typeof recordAudit>[1]["action"],
  target: User,
  detail?: Record<string, string | boolean | null>,
  outcome: "success" | "failure" = "success",
) {
  return recordAudit(db, { actor: { userId: actor.id, name: actor.name }, action, outcome, target: target.username, address: actor.address, detail });
}

/** The approver permission belongs to analysts and admins: a viewer never holds it. */
function approverFor(role: UserRole, approver: boolean): boolean {
  return role !== "viewer" && approver;
}

export async function createPasswordUser(db: Db, actor: Actor, input: { username: string; password: string; role: UserRole; approver: boolean }): Promise<User> {
  const user = await insertUser(db, {
    username: input.username,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    approver: approverFor(input.role, input.approver),
    authProvider: "password",
    externalSubject: null,
  });
  await audit(db, actor, "user.create", user, { role: user.role, approver: user.approver });
  return user;
}

/** Admins may not lock everyone out: the last active admin keeps the role and stays enabled. */
async function assertNotLastAdmin(db: Db, user: User, what: string): Promise<void> {
  if (user.role === "admin" && !user.disabledAt && (await countOtherActiveAdmins(db, user.id)) === 0) {
    throw new AppError("conflict:user", `${user.username} is the last active admin: make another admin before you ${what}.`);
  }
}

export async function changeUserRole(db: Db, actor: Actor, userId: number, input: { role: UserRole; approver: boolean }): Promise<User> {
  const user = await getUserOrThrow(db, userId);
  const approver = approverFor(input.role, input.approver);
  if (user.role === input.role && user.approver === approver) return user;
  if (input.role !== "admin") await assertNotLastAdmin(db, user, "change their role");
  const updated = await updateUser(db, userId, { role: input.role, approver });
  await endSessionsOfUser(db, userId);
  await audit(db, actor, "user.update", updated, { role: updated.role, approver: updated.approver, previousRole: user.role, previousApprover: user.approver });
  return updated;
}

export async function setUserDisabled(db: Db, actor: Actor, userId: number, disabled: boolean): Promise<User> {
  const user = await getUserOrThrow(db, userId);
  if (disabled && user.id === actor.id) throw new AppError("conflict:user", "You cannot disable yourself.");
  if (disabled) await assertNotLastAdmin(db, user, "disable them");
  const updated = await updateUser(db, userId, { disabledAt: disabled ? new Date() : null });
  if (disabled) await endSessionsOfUser(db, userId);
  await audit(db, actor, disabled ? "user.disable" : "user.enable", updated);
  return updated;
}

export async function removeUser(db: Db, actor: Actor, userId: number): Promise<void> {
  const user = await getUserOrThrow(db, userId);
  if (user.id === actor.id) throw new AppError("conflict:user", "You cannot delete yourself.");
  await assertNotLastAdmin(db, user, "delete them");
  await deleteUser(db, userId); // sessions go with it (on delete cascade)
  await audit(db, actor, "user.delete", user);
}

export async function resetUserPassword(db: Db, actor: Actor, userId: number, password: string): Promise<User> {
  const user = await getUserOrThrow(db, userId);
  if (user.authProvider !== "password") throw new AppError("conflict:user", `${user.username} signs in through single sign-on and has no password here.`);
  const updated = await updateUser(db, userId, { passwordHash: await hashPassword(password) });
  await endSessionsOfUser(db, userId);
  await audit(db, actor, "user.password_reset", updated);
  return updated;
}

/** A user's own change: the current password first; their other sessions end, this one stays. */
export async function changeOwnPassword(db: Db, actor: Actor & { sessionId: string }, input: { current: string; next: string }): Promise<void> {
  const user = await getUserOrThrow(db, actor.id);
  if (user.authProvider !== "password" || !user.passwordHash) throw new AppError("conflict:user", "You sign in through single sign-on: change your password there.");
  await assertPasswordChangeAllowed(db, user.id);
  if (!(await verifyPassword(input.current, user.passwordHash))) {
    await audit(db, actor, "auth.password_change", user, { reason: "wrong_current_password" }, "failure");
    throw new AppError("bad_request:input", "The current password is wrong.");
  }
  await updateUser(db, user.id, { passwordHash: await hashPassword(input.next) });
  await endSessionsOfUser(db, user.id, actor.sessionId);
  await audit(db, actor, "auth.password_change", user);
}
