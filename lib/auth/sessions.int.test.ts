/**
 * F8 on every driver: a session is only as good as its row. Sign-out, disabling, deleting, a role change
 * or a password reset end it at once; an id that was never issued (a forged token) gets nothing; the
 * role is the user row's, whatever the token said.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { changeOwnPassword, changeUserRole, createPasswordUser, removeUser, resetUserPassword, setUserDisabled } from "@/lib/auth/manage-users";
import { sql } from "drizzle-orm";
import { endSession, hashSessionId, resolveSession, startSession } from "@/lib/auth/sessions";
import type { DatabaseHandle } from "@/lib/db/client";
import { listAuditEntries } from "@/lib/db/queries/audit";
import { describeEachDriver } from "@/lib/db/testing/drivers";

const PASSWORD = "a long enough password";

describeEachDriver("sessions", (testDb) => {
  let handle: DatabaseHandle;
  let adminId: number;
  const actor = () => ({ id: adminId, name: "root", address: "192.0.2.1" });
  beforeAll(async () => {
    handle = await testDb.create();
    adminId = (await createPasswordUser(handle.db, { id: 0, name: "setup", address: null }, { username: "root", password: PASSWORD, role: "admin", approver: true })).id;
  });
  afterAll(async () => handle?.close());

  const newUser = (username: string) => createPasswordUser(handle.db, actor(), { username, password: PASSWORD, role: "analyst", approver: false });

  it("throttles guesses at one's own current password like sign-ins", async () => {
    const user = await newUser("kim");
    const me = { id: user.id, name: "kim", address: null, sessionId: "s" };
    for (let i = 0; i < 5; i++) await expect(changeOwnPassword(handle.db, me, { current: `guess-${i}`, next: "x".repeat(12) })).rejects.toThrow("The current password is wrong.");
    await expect(changeOwnPassword(handle.db, me, { current: PASSWORD, next: "x".repeat(12) })).rejects.toThrow("Too many attempts; try again in 15 minutes.");
  });

  it("never lets the last active admin lock everyone out, nor an admin disable or delete themselves", async () => {
    await expect(changeUserRole(handle.db, actor(), adminId, { role: "viewer", approver: false })).rejects.toThrow(/last active admin/);
    await expect(setUserDisabled(handle.db, actor(), adminId, true)).rejects.toThrow("You cannot disable yourself.");
    await expect(removeUser(handle.db, actor(), adminId)).rejects.toThrow("You cannot delete yourself.");
  });

  it("ends at sign-out: the same cookie used again is refused", async () => {
    const user = await newUser("dora");
    const sid = await startSession(handle.db, user.id, null);
    expect((await resolveSession(handle.db, sid))?.username).toBe("dora");
    await endSession(handle.db, sid);
    expect(await resolveSession(handle.db, sid)).toBeNull();
  });

  it("drops the rows of sessions that ended more than a day ago at the next sign-in", async () => {
    const user = await newUser("old-timer");
    const longAgo = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    const stale = await startSession(handle.db, user.id, null, longAgo); // expired two and a half days ago
    await startSession(handle.db, user.id, null);
    const rows = await handle.db.execute(sql`select count(*)::int as n from user_sessions where id_hash = ${hashSessionId(stale)}`);
    expect((rows as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
  });

  it("ends after 12 hours whatever expiry the cookie's token claims", async () => {
    const user = await newUser("lee");
    const sid = await startSession(handle.db, user.id, null, new Date(Date.now() - 12 * 3600 * 1000 - 1000));
    expect(await resolveSession(handle.db, sid)).toBeNull();
  });

  it("gives nothing for a session id that was never issued", async () => {
    expect(await resolveSession(handle.db, "forged-session-id-for-user-1")).toBeNull();
  });

  it("ends every session of a user who is disabled, deleted, or has their role changed or password reset", async () => {
    for (const [name, act] of [
      ["ed", (id: number) => setUserDisabled(handle.db, actor(), id, true)],
      ["fay", (id: number) => removeUser(handle.db, actor(), id)],
      ["gus", (id: number) => changeUserRole(handle.db, actor(), id, { role: "viewer", approver: false })],
      ["hal", (id: number) => resetUserPassword(handle.db, actor(), id, "another long password")],
    ] as const) {
      const user = await newUser(name);
      const sessions = [await startSession(handle.db, user.id, null), await startSession(handle.db, user.id, null)];
      await act(user.id);
      for (const sid of sessions) expect(await resolveSession(handle.db, sid), name).toBeNull();
    }
  });

  it("reads the role from the user row: a changed role shows at the next sign-in, never from the token", async () => {
    const user = await newUser("ivy");
    await changeUserRole(handle.db, actor(), user.id, { role: "admin", approver: true });
    const sid = await startSession(handle.db, user.id, null);
    expect(await resolveSession(handle.db, sid)).toMatchObject({ role: "admin", approver: true });
  });

  it("keeps the session that changes its own password and ends the others", async () => {
    const user = await newUser("jo");
    const [here, elsewhere] = [await startSession(handle.db, user.id, null), await startSession(handle.db, user.id, null)];
    await expect(changeOwnPassword(handle.db, { id: user.id, name: "jo", address: null, sessionId: here }, { current: "wrong", next: "x".repeat(12) })).rejects.toThrow(
      "The current password is wrong.",
    );
    await changeOwnPassword(handle.db, { id: user.id, name: "jo", address: null, sessionId: here }, { current: PASSWORD, next: "a brand new password" });
    expect(await resolveSession(handle.db, here)).not.toBeNull();
    expect(await resolveSession(handle.db, elsewhere)).toBeNull();
  });

  it("records user changes in the audit log with who and from where", async () => {
    const entries = await listAuditEntries(handle.db, { actor: "root" }, { limit: 100 });
    const actions = new Set(entries.map((e) => e.action));
    for (const action of ["user.create", "user.disable", "user.delete", "user.update", "user.password_reset"]) expect(actions).toContain(action);
    expect(entries.every((e) => e.address === "192.0.2.1")).toBe(true);
    const roleChange = entries.find((e) => e.action === "user.update" && e.target === "gus");
    expect(roleChange?.detail).toMatchObject({ role: "viewer", previousRole: "analyst" });
  });
});
