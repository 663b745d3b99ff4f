import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getAgentProps } from "@/lib/db/queries/agents";
import { getDb } from "@/lib/db/server-db";

/**
 * An unknown agent answers 404: checked here, before the page's loading state streams out with a 200
 * (a layout runs outside its segment's loading boundary).
 */
export default async function AgentLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,10}$/.test(id) || !(await getAgentProps(await getDb(), Number(id)))) notFound();
  return children;
}
