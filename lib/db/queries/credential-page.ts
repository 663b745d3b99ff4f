/**
 * One credential's page: what it is (only its redacted preview, never the secret), where it was found,
 * who it authenticates as, which agents can read it and how, and what it could destroy.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { listCredentialReaders, type CredentialReader } from "@/lib/db/queries/credential-readers";
import { getReachIndex } from "@/lib/db/queries/reach-index-cache";
import { queryRows } from "@/lib/db/rows";
import { getReachCounts } from "@/lib/graph/reach/counts";
import { PHASE_ACCESS } from "@/lib/graph/reach/scan";
import { edgeKindCode, nodeKindCode } from "@/lib/graph/kind-codes";
import { DESTRUCTIVE_CLASSES, type ActionClass } from "@/lib/graph/types";

export interface CredentialPage {
  id: number;
  name: string;
  key: string;
  provider: string | null;
  kind: string | null;
  preview: string | null;
  purpose: string | null;
  locations: { file: string; line: number | null; envVar: string | null }[];
  identities: { id: number; name: string; assumed: boolean }[];
  readers: CredentialReader[];
  destructive: { class: ActionClass; count: number; actions: string[] }[];
  assumed: boolean;
}

export async function getCredentialPage(db: Db, id: number): Promise<CredentialPage | null> {
  const [row] = await queryRows<{ id: number; key: string; name: string; props: Record<string, unknown> }>(
    db,
    sql`select id, key, name, props from nodes where id = ${id} and kind = ${nodeKindCode("credential")}`,
  );
  if (!row) return null;
  const [identities, readers] = await Promise.all([
    queryRows<{ id: number; name: string; assumed: boolean }>(db, sql`
      select i.id, i.name, coalesce(e.props->>'assumed' = 'true', false) as assumed
      from edges e join nodes i on i.id = e.dst where e.src = ${id} and e.kind = ${edgeKindCode("authenticates_as")} order by i.name
    `),
    listCredentialReaders(db, [id]),
  ]);
  const props = row.props ?? {};
  const counts = getReachCounts(await getReachIndex(db), Number(row.id), PHASE_ACCESS);
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    id: Number(row.id),
    name: row.name,
    key: row.key,
    provider: text(props.provider),
    kind: text(props.kind),
    preview: text(props.preview),
    purpose: text(props.purpose),
    locations: Array.isArray(props.locations)
      ? props.locations
          .filter((l): l is Record<string, unknown> => !!l && typeof l === "object" && typeof (l as { file?: unknown }).file === "string")
          .map((l) => ({ file: String(l.file), line: typeof l.line === "number" ? l.line : null, envVar: typeof l.envVar === "string" ? l.envVar : null }))
      : [],
    identities: identities.map((i) => ({ id: Number(i.id), name: i.name, assumed: i.assumed === true })),
    readers: readers.get(id)?.readers ?? [],
    destructive: DESTRUCTIVE_CLASSES.filter((c) => counts.actions[c] > 0).map((c) => ({ class: c, count: counts.actions[c], actions: counts.firstActions[c] })),
    assumed: counts.assumedDestructive,
  };
}
