import { count, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { users, type User } from "@/lib/db/schema";

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  return user;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ value: count() }).from(users);
  return Number(row.value);
}

/** Inserts unless the username exists; returns whether it was created. */
export async function createUserIfAbsent(db: Db, user: { username: string; passwordHash: string; role: User["role"] }): Promise<boolean> {
  const created = await db.insert(users).values(user).onConflictDoNothing({ target: users.username }).returning({ id: users.id });
  return created.length > 0;
}
