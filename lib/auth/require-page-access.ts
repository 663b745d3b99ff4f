/**
 * The first line of every page: the signed-in user, checked against the page's rule in the access table.
 * Pages check for themselves because a client-side navigation renders only the page, not the layout
 * above it. Signed out → the sign-in page; signed in without the role → not found.
 */
import { notFound, redirect } from "next/navigation";
import { PAGE_ACCESS, meetsRequirement, type PageKey } from "@/lib/auth/access-table";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";

export async function requirePageAccess(page: PageKey): Promise<SessionUser> {
  const requirement = PAGE_ACCESS[page];
  const user = await getSessionUser();
  if (!user) {
    redirect(page === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(page)}`);
  }
  if (!meetsRequirement(user, requirement)) notFound();
  return user;
}

/** The first line of a page anyone may open (the sign-in page): its rule says so, and nothing is read. */
export function declarePublicPage(page: PageKey): void {
  if (PAGE_ACCESS[page] !== "public") throw new Error(`${page} is not public in the access table`);
}
