import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Blastmap", template: "%s · Blastmap" },
  description: "What can this AI agent actually reach, and what could it destroy?",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so each gets the nonce of its Content-Security-Policy (proxy.ts):
  // a page prerendered at build time would carry scripts without one, and the policy would block them.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
