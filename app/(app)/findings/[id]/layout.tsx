import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getFinding } from "@/lib/db/queries/findings";
import { getDb } from "@/lib/db/server-db";

/**
 * An unknown finding answers 404: checked here, before the page's loading state streams out with a 200
 * (a layout runs outside its segment's loading boundary).
 */
export default async function FindingLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (id.length > 100 || !(await getFinding(await getDb(), id))) notFound();
  return children;
}
