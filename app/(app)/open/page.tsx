/**
 * /open?kind=…&key=…: where links to a node named by its natural key land (findings and sweep diffs keep
 * keys, not ids); /open?kind=…&name=… for the rows that keep only a name. Sends the browser to the node's
 * page (a name several nodes share: to the graph's search), or answers 404 when no such node exists now.
 */
import { notFound, redirect } from "next/navigation";
import { findNodeByKey, findNodesByName, isNodeKind } from "@/lib/db/queries/node-lookup";
import { getDb } from "@/lib/db/server-db";
import { nodeHref } from "@/lib/links";
import { requirePageAccess } from "@/lib/auth/require-page-access";

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function OpenNodePage({ searchParams }: { searchParams: Search }) {
  await requirePageAccess("/open");
  const params = await searchParams;
  const kind = one(params.kind);
  const key = one(params.key);
  const name = one(params.name);
  if (!isNodeKind(kind) || (!key && !name) || key.length > 2048 || name.length > 1024) notFound();
  if (!key) {
    const named = await findNodesByName(await getDb(), kind, name, 2);
    if (named.length === 0) notFound();
    redirect(named.length === 1 ? nodeHref(named[0].kind, named[0].id) : `/graph?focus=${named[0].id}`);
  }
  const node = await findNodeByKey(await getDb(), kind, key);
  if (!node) notFound();
  redirect(nodeHref(node.kind, node.id));
}
