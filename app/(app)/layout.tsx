import Link from "@/components/ui/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { KindIconSprite } from "@/components/graph/kind-icons";
import { NavLinks } from "@/components/shell/nav-links";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { getSessionUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return (
    <div className="shell">
      <nav className="nav" aria-label="Main">
        <Link href="/" className="brand">
          <img src="/icon.svg" alt="" width={24} height={24} /> Blastmap
        </Link>
        <NavLinks admin={user.role === "admin"} />
        <div className="spacer" />
        <div className="who">
          Signed in as{" "}
          <Link href="/account" className="who-link">
            <strong>{user.name}</strong>
          </Link>{" "}
          <span className="small">({user.role})</span>
        </div>
        <SignOutButton />
      </nav>
      <main className="main">{children}</main>
      <KindIconSprite />
    </div>
  );
}
