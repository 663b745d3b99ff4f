import { getServerSession } from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";

export interface SessionUser {
  id: string;
  name: string;
  role: "admin" | "viewer";
}

/** The signed-in user, or null. Pages are also guarded by proxy.ts; this is for what they show. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(getAuthOptions());
  const user = session?.user as Partial<SessionUser> | undefined;
  if (!user?.id || !user.name) return null;
  return { id: user.id, name: user.name, role: user.role === "admin" ? "admin" : "viewer" };
}
