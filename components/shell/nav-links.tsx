"use client";

import Link from "@/components/ui/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/agents", label: "Agents" },
  { href: "/graph", label: "Graph" },
  { href: "/findings", label: "Findings" },
  { href: "/credentials", label: "Credentials" },
  { href: "/sources", label: "Sources" },
] as const;

/** Pages for admins only; the pages check for themselves, the nav only hides what would be refused. */
const ADMIN_LINKS = [
  { href: "/users", label: "Users" },
  { href: "/audit", label: "Audit log" },
] as const;

export function NavLinks({ admin = false }: { admin?: boolean }) {
  const pathname = usePathname();
  return (
    <>
      {[...LINKS, ...(admin ? ADMIN_LINKS : [])].map((link) => {
        const active = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
        return (
          <Link key={link.href} href={link.href} className="item" aria-current={active ? "page" : undefined}>
            {link.label}
          </Link>
        );
      })}
    </>
  );
}
