/**
 * The credential inventory: each credential with where it was found, which agents can read it, who it
 * authenticates as, and what it could destroy (scored from the reach index, not from what it was issued for). Only the redacted preview
 * is ever read; the secret itself is never stored.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { listCredentialReaders, type CredentialReaders } from "@/lib/db/queries/credential-readers";
import { getReachCounts } from "@/lib/graph/reach/counts";
import { getReachIndex } from "@/lib/db/queries/reach-index-cache";
import { queryRows } from "@/lib/db/rows";
import { edgeKindCode, nodeKindCode } from "@/lib/graph/kind-codes";
import { PHASE_ACCESS } from "@/lib/graph/reach/scan";
import { DESTRUCTIVE_CLASSES, type ActionClass } from "@/lib/graph/types";

export interface CredentialLocationView {
  file: string;
  line: number | null;
  envVar: string | null;
}

export interface CredentialView {
  id: number;
  name: string;
  provider: string;
  kind: string;
  preview: string;
  locations: CredentialLocationView[];
  purpose: string | null;
  identities: { id: number; name: string; assumed: boolean }[];
  lastSeenAt: Date | null;
  /** What it could destroy: weighted count of destructive (action, resource) pairs. */
  score: number;
  worstClass: ActionClass | null;
  destructive: number;
  /** Destructive actions of the worst class, for "declared purpose vs actual". */
  worstActions: string[];
  assumed: boolean;
}

/** A row of a page of the inventory: the credential, and the agents that can read it. */
export interface CredentialRow extends CredentialView {
  /** Every reader counted, the first `readersPerRow` named (nearest first). */
  readBy: CredentialReaders;
}

export const CREDENTIAL_SORTS = ["score", "provider", "kind", "name", "locations", "lastSeen"] as const;
export type CredentialSort = (typeof CREDENTIAL_SORTS)[number];

export interface CredentialFilter {
  provider?: string;
  kind?: string;
  /** Substring of the name, a location or the purpose. */
  q?: string;
  destructiveOnly?: boolean;
  sort?: CredentialSort;
  dir?: "asc" | "desc";
  /** 1-based; past the last page reads the last. */
  page?: number;
  /** At most MAX_CREDENTIALS_PAGE_SIZE. */
  pageSize?: number;
  /** Readers named per row (default 3); all are counted. */
  readersPerRow?: number;
}

/** The most credentials one page shows, whatever it asks for: pages stay small however large the estate. */
export const MAX_CREDENTIALS_PAGE_SIZE = 200;

export interface CredentialInventory {
  /** The page's credentials. */
  rows: CredentialRow[];
  /** Credentials that match the filters, on all pages. */
  matching: number;
  page: number;
  pageSize: number;
  /** Every credential, filters aside. */
  total: number;
  providers: string[];
  kinds: string[];
}

const CLASS_WEIGHT: Partial<Record<ActionClass, number>> = { D1: 10, D2: 8, D4: 6, D5: 5, D3: 4 };

export async function listCredentials(db: Db, filter: CredentialFilter = {}): Promise<CredentialInventory> {
  const credential = nodeKindCode("credential");
  const rows = await queryRows<{
    id: number;
    name: string;
    provider: string | null;
    kind: string | null;
    preview: string | null;
    locations: unknown;
    purpose: string | null;
    last_seen_at: Date | string | null;
    identities: { id: number; name: string; assumed: boolean }[] | null;
  }>(db, sql`
    -- A node is stamped only by the sweeps that change it, but every node its owner still holds was in
    -- the owner's latest successful sweep (a sweep prunes what it no longer reports).
    with latest_success as (select source_id, max(id) as sweep_id from sweeps where status = 'succeeded' group by source_id)
    select n.id, n.name, n.props->>'provider' as provider, n.props->>'kind' as kind, n.props->>'preview' as preview,
      n.props->'locations' as locations, n.props->>'purpose' as purpose,
      coalesce(seen.finished_at, seen.started_at) as last_seen_at,
      (select json_agg(json_build_object('id', i.id, 'name', i.name, 'assumed', coalesce(e.props->>'assumed' = 'true', false)) order by i.name)
         from edges e join nodes i on i.id = e.dst
        where e.src = n.id and e.kind = ${edgeKindCode("authenticates_as")}) as identities
    from nodes n
      left join latest_success l on l.source_id = n.source_id
      left join sweeps seen on seen.id = coalesce(l.sweep_id, n.last_seen_sweep)
    where n.kind = ${credential}
  `);
  const index = await getReachIndex(db);
  const all: CredentialView[] = rows.map((r) => {
    // Counted on ids and kept per index: 6,000 credentials at the 1M-edge estate, every request.
    const counts = getReachCounts(index, Number(r.id), PHASE_ACCESS);
    const worstClass = DESTRUCTIVE_CLASSES.find((c) => counts.actions[c] > 0) ?? null;
    return {
      id: Number(r.id),
      name: r.name,
      provider: r.provider ?? "unknown",
      kind: r.kind ?? "unknown",
      preview: r.preview ?? "",
      locations: readLocations(r.locations),
      purpose: r.purpose,
      identities: (r.identities ?? []).map((i) => ({ id: Number(i.id), name: i.name, assumed: Boolean(i.assumed) })),
      lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at) : null,
      score: DESTRUCTIVE_CLASSES.reduce((sum, c) => sum + counts.actions[c] * (CLASS_WEIGHT[c] ?? 0), 0),
      worstClass,
      destructive: DESTRUCTIVE_CLASSES.reduce((sum, c) => sum + counts.actions[c], 0),
      worstActions: worstClass ? counts.firstActions[worstClass] : [],
      assumed: counts.assumedDestructive,
    };
  });
  const q = filter.q?.trim().toLowerCase();
  const filtered = all.filter(
    (c) =>
      (!filter.provider || c.provider === filter.provider) &&
      (!filter.kind || c.kind === filter.kind) &&
      (!filter.destructiveOnly || c.destructive > 0) &&
      (!q || c.name.toLowerCase().includes(q) || (c.purpose ?? "").toLowerCase().includes(q) || c.locations.some((l) => l.file.toLowerCase().includes(q))),
  );
  const sort = filter.sort ?? "score";
  const dir = filter.dir ?? (sort === "score" || sort === "lastSeen" || sort === "locations" ? "desc" : "asc");
  const key = (c: CredentialView): number | string => {
    switch (sort) {
      case "score": return c.score;
      case "provider": return c.provider;
      case "kind": return c.kind;
      case "name": return c.name.toLowerCase();
      case "locations": return c.locations.length;
      case "lastSeen": return c.lastSeenAt?.getTime() ?? 0;
      default: {
        const never: never = sort;
        return never;
      }
    }
  };
  filtered.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return (dir === "asc" ? order : -order) || b.score - a.score || a.name.localeCompare(b.name);
  });
  const pageSize = Math.max(1, Math.min(MAX_CREDENTIALS_PAGE_SIZE, Math.floor(filter.pageSize ?? 100)));
  const page = Math.max(1, Math.min(Math.max(1, Math.ceil(filtered.length / pageSize)), Math.floor(filter.page ?? 1)));
  const shown = filtered.slice((page - 1) * pageSize, page * pageSize);
  // Readers for this page's rows only: one search each in memory, one query naming them all.
  const readers = await listCredentialReaders(db, shown.map((c) => c.id), { limit: filter.readersPerRow ?? 3 });
  return {
    rows: shown.map((c) => ({ ...c, readBy: readers.get(c.id) ?? { total: 0, readers: [] } })),
    matching: filtered.length,
    page,
    pageSize,
    total: all.length,
    providers: [...new Set(all.map((c) => c.provider))].sort(),
    kinds: [...new Set(all.map((c) => c.kind))].sort(),
  };
}

function readLocations(value: unknown): CredentialLocationView[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((l): l is Record<string, unknown> => !!l && typeof l === "object" && typeof (l as { file?: unknown }).file === "string")
    .map((l) => ({ file: String(l.file), line: typeof l.line === "number" ? l.line : null, envVar: typeof l.envVar === "string" ? l.envVar : null }));
}
