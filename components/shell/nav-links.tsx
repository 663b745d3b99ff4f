"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/agents", label: "Agents" },
  { href: "/graph", label: "Graph" },
  { href: "/findings", label: "Findings" },
  { href: "/credentials", label: "Credentials" },
  { href: "/sources", label: "Sources" },
] as const;

export function NavLinks() {
  const pathname = usePathname();
  return (
    <>
      {LINKS.map((link) => {
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
