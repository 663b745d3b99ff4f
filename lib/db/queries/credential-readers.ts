/**
 * Which agents can read each credential, named: the reach engine answers on ids (findReaders, a search
 * backwards over the in-memory index), then one query names every agent and file listed, however many
 * credentials were asked about. The credentials list and a credential's page both read it here, so they
 * never disagree.
 */
import type { Db } from "@/lib/db/client";
import { loadReachNodes } from "@/lib/db/queries/reach";
import { getReachIndex } from "@/lib/db/queries/reach-index-cache";
import { findReaders, type Reader } from "@/lib/graph/reach/reverse";

export interface CredentialReader {
  id: number;
  name: string;
  /** How it reads the credential: the file or MCP server next to the credential on its shortest way there. */
  through: string | null;
  /** configured_with (the agent is set up with it) or can_read (it can open the file that holds it). */
  how: "configured" | "reads";
}

export interface CredentialReaders {
  /** Every agent that can read it. */
  total: number;
  /** The nearest first (fewest hops), then by name; at most the limit asked for. */
  readers: CredentialReader[];
}

/** Readers of each credential in `credentialIds` (a credential no agent reads maps to none); at most `limit` named each. */
export async function listCredentialReaders(db: Db, credentialIds: readonly number[], options: { limit?: number } = {}): Promise<Map<number, CredentialReaders>> {
  const limit = options.limit ?? Infinity;
  const index = await getReachIndex(db);
  const found = new Map<number, { total: number; listed: Reader[] }>();
  for (const id of credentialIds) {
    const readers = findReaders(index, id);
    found.set(id, { total: readers.length, listed: readers.slice(0, limit) });
  }
  const names = await loadReachNodes(db, [...found.values()].flatMap(({ listed }) => listed.flatMap((r) => [r.agent, r.near])));
  const nameOf = (id: number) => names.get(id)?.name ?? `#${id}`;
  const result = new Map<number, CredentialReaders>();
  for (const [id, { total, listed }] of found) {
    const readers = listed
      .map((r) => ({ reader: { id: r.agent, name: nameOf(r.agent), through: r.near === r.agent ? null : nameOf(r.near), how: r.configured ? ("configured" as const) : ("reads" as const) }, hops: r.hops }))
      .sort((a, b) => a.hops - b.hops || compareText(a.reader.name, b.reader.name))
      .map((r) => r.reader);
    result.set(id, { total, readers });
  }
  return result;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
