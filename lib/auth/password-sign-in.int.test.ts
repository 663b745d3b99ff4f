/**
 * Sign-in with a password on every driver: throttling per account and per address (F7), one answer and
 * one hash verification whether or not the username exists, old bcrypt hashes re-hashed with argon2id,
 * and every attempt in the audit log with its address.
 */
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/lib/db/client";
import { describeEachDriver } from "@/lib/db/testing/drivers";

const spies = vi.hoisted(() => ({ dummy: 0 }));
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/password")>();
  return {
    ...original,
    verifyAgainstDummy: async (password: string) => {
      spies.dummy += 1;
      return original.verifyAgainstDummy(password);
    },
  };
});

const { signInWithPassword } = await import("@/lib/auth/password-sign-in");
const { createPasswordUser } = await import("@/lib/auth/manage-users");
const { listAuditEntries } = await import("@/lib/db/queries/audit");
const { createUserIfAbsent, findUserByUsername } = await import("@/lib/db/queries/users");

const PASSWORD = "correct horse battery staple";
const admin = { id: 0, name: "test", address: null };

describeEachDriver("password sign-in", (testDb) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await testDb.create();
    await createPasswordUser(handle.db, admin, { username: "ana", password: PASSWORD, role: "analyst", approver: false });
  });
  afterAll(async () => handle?.close());

  const attempt = (username: string, password: string, address = "198.51.100.7") =>
    signInWithPassword(handle.db, { username, password, address }).then(
      (user) => ({ ok: true as const, user }),
      (error: Error) => ({ ok: false as const, message: error.message }),
    );

  it("signs in with the right password and records it with the address", async () => {
    const result = await attempt("ana", PASSWORD);
    expect(result.ok).toBe(true);
    const [entry] = await listAuditEntries(handle.db, { action: "auth.sign_in" }, { limit: 1 });
    expect(entry).toMatchObject({ actor: "ana", outcome: "success", address: "198.51.100.7", target: "ana" });
  });

  it("answers an unknown and a known username alike, verifying a hash for both", async () => {
    const before = spies.dummy;
    const unknown = await attempt("nobody-here", "whatever-password", "198.51.100.8");
    const known = await attempt("ana", "wrong-password", "198.51.100.8");
    expect(unknown).toEqual({ ok: false, message: "Wrong username or password." });
    expect(known).toEqual(unknown);
    expect(spies.dummy - before).toBe(1); // the unknown user cost one argon2 verification too
  });

  it("locks an account after 5 wrong passwords, even with the right one, and says for how long", async () => {
    await createPasswordUser(handle.db, admin, { username: "bob", password: PASSWORD, role: "viewer", approver: false });
    for (let i = 0; i < 5; i++) expect((await attempt("bob", `wrong-${i}`, `203.0.113.${i}`)).ok).toBe(false);
    expect(await attempt("bob", PASSWORD, "203.0.113.99")).toEqual({ ok: false, message: "Too many attempts; try again in 15 minutes." });
    const [entry] = await listAuditEntries(handle.db, { action: "auth.sign_in", outcome: "denied" }, { limit: 1 });
    expect(entry).toMatchObject({ target: "bob", detail: { reason: "throttled" } });
    // Another account is not affected.
    expect((await attempt("ana", PASSWORD, "203.0.113.99")).ok).toBe(true);
  });

  it("counts a burst of parallel attempts one by one: at most 5 are checked, the rest are refused", async () => {
    await createPasswordUser(handle.db, admin, { username: "dan", password: PASSWORD, role: "viewer", approver: false });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt("dan", `parallel-${i}`, `203.0.114.${i}`)));
    expect(results.filter((r) => !r.ok && r.message === "Wrong username or password.")).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.message.startsWith("Too many attempts"))).toHaveLength(15);
  });

  it("throttles an address that tries many usernames, whatever the username", async () => {
    for (let i = 0; i < 20; i++) await attempt(`guess-${i}`, "password1", "192.0.2.66");
    expect(await attempt("ana", PASSWORD, "192.0.2.66")).toEqual({ ok: false, message: "Too many attempts; try again in 15 minutes." });
    expect((await attempt("ana", PASSWORD, "192.0.2.67")).ok).toBe(true);
  });

  it("refuses a disabled user with the same message", async () => {
    const { setUserDisabled } = await import("@/lib/auth/manage-users");
    const carl = await createPasswordUser(handle.db, admin, { username: "carl", password: PASSWORD, role: "viewer", approver: false });
    await setUserDisabled(handle.db, admin, carl.id, true);
    expect(await attempt("carl", PASSWORD, "192.0.2.80")).toEqual({ ok: false, message: "Wrong username or password." });
  });

  it("accepts an old bcrypt hash once and stores argon2id in its place", async () => {
    await createUserIfAbsent(handle.db, { username: "legacy", passwordHash: await bcrypt.hash(PASSWORD, 4), role: "viewer" });
    expect((await attempt("legacy", PASSWORD, "192.0.2.90")).ok).toBe(true);
    const stored = (await findUserByUsername(handle.db, "legacy"))!.passwordHash!;
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await attempt("legacy", PASSWORD, "192.0.2.90")).ok).toBe(true);
    expect((await attempt("legacy", "not it", "192.0.2.90")).ok).toBe(false);
  });
});
