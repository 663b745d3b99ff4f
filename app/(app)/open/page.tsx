/**
 * /open?kind=…&key=…: where links to a node named by its natural key land (findings and sweep diffs keep
 * keys, not ids). Sends the browser to the node's page, or answers 404 when no such node exists now.
 */
import { notFound, redirect } from "next/navigation";
import { findNodeByKey, isNodeKind } from "@/lib/db/queries/node-lookup";
import { getDb } from "@/lib/db/server-db";
import { nodeHref } from "@/lib/links";

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function OpenNodePage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const kind = one(params.kind);
  const key = one(params.key);
  if (!isNodeKind(kind) || !key || key.length > 2048) notFound();
  const node = await findNodeByKey(await getDb(), kind, key);
  if (!node) notFound();
  redirect(nodeHref(node.kind, node.id));
}
