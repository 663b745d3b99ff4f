import { and, asc, count, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { users, userSessions, type User, type UserRole } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  return user;
}

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export async function getUserOrThrow(db: Db, id: number): Promise<User> {
  const user = await findUserById(db, id);
  if (!user) throw new AppError("not_found:user", `No user ${id}.`);
  return user;
}

export async function findUserByExternalSubject(db: Db, subject: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.externalSubject, subject));
  return user;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ value: count() }).from(users);
  return Number(row.value);
}

export async function listUsers(db: Db): Promise<User[]> {
  return db.select().from(users).orderBy(asc(users.username));
}

/** Inserts unless the username exists; returns whether it was created. */
export async function createUserIfAbsent(db: Db, user: { username: string; passwordHash: string; role: UserRole }): Promise<boolean> {
  const created = await db.insert(users).values(user).onConflictDoNothing({ target: users.username }).returning({ id: users.id });
  return created.length > 0;
}

export type NewUser = Pick<typeof users.$inferInsert, "username" | "passwordHash" | "role" | "approver" | "authProvider" | "externalSubject">;

export async function insertUser(db: Db, values: NewUser): Promise<User> {
  const [row] = await db.insert(users).values(values).onConflictDoNothing({ target: users.username }).returning();
  if (!row) throw new AppError("conflict:user", `The username "${values.username}" is taken.`);
  return row;
}

export async function updateUser(db: Db, id: number, values: Partial<Pick<User, "role" | "approver" | "disabledAt" | "passwordHash" | "username">>): Promise<User> {
  const [row] = await db.update(users).set(values).where(eq(users.id, id)).returning();
  if (!row) throw new AppError("not_found:user", `No user ${id}.`);
  return row;
}

export async function deleteUser(db: Db, id: number): Promise<User> {
  const [row] = await db.delete(users).where(eq(users.id, id)).returning();
  if (!row) throw new AppError("not_found:user", `No user ${id}.`);
  return row;
}

/** Admins that can still sign in, other than `exceptId`: the last one must never lock everybody out. */
export async function countOtherActiveAdmins(db: Db, exceptId: number): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, exceptId)));
  return Number(row.value);
}

/** Live sessions per user, for the Users page. */
export async function countLiveSessionsByUser(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .select({ userId: userSessions.userId, value: count() })
    .from(userSessions)
    .where(and(isNull(userSessions.revokedAt), sql`${userSessions.expiresAt} > now()`))
    .groupBy(userSessions.userId);
  return new Map(rows.map((row) => [row.userId, Number(row.value)]));
}
