/**
 * COPY for bulk moves. In: the server parses tab-separated text at millions of rows a second, where
 * bound array parameters (unnest) cost more to parse than to insert. Out: text rows, parsed straight
 * into typed arrays, where a query result would be a million row objects (or a hex string).
 *
 * Each driver takes COPY its own way, so each has its own channel (copy-pg.ts, copy-neon.ts,
 * copy-pglite.ts). lib/db/client.ts, the only module that knows which driver runs, binds one to every
 * database it opens; the store and the readers ask for it here and never look at the driver.
 */
import type { Queryable } from "@/lib/db/rows";

export interface CopyChannel {
  /**
   * `copy <target> from …` on `tx`'s connection: `target` is `table (columns)`, `chunks` whole COPY text
   * rows (strings, or bytes). Run inside a transaction; a failure aborts it.
   */
  copyIn(tx: Queryable, target: string, chunks: Iterable<string | Uint8Array>): Promise<void>;
  /**
   * A `copy … to stdout` statement's rows in COPY text format: whole, or with `consumeLines` handed over
   * a run of whole lines at a time while they arrive (then only what follows the last newline is
   * returned). Null when the driver cannot stream COPY out.
   */
  copyOut(db: Queryable, statement: string, consumeLines?: (lines: Buffer) => void): Promise<Buffer | null>;
}

/**
 * Each database's channel sits on its Drizzle dialect object: one per opened database, shared by the
 * database and every transaction on it (Drizzle hands a transaction its database's dialect), so a
 * transaction finds its database's channel without being told. The key is a registry symbol, not a
 * module-level map: the Next server bundles its start-up hook and its routes as separate module graphs,
 * so a database opened by one copy of lib/db/client.ts is used by another copy of this module.
 */
const CHANNEL = Symbol.for("blastmap.copyChannel");

type WithChannel = { [CHANNEL]?: CopyChannel };

/** Called by lib/db/client.ts for each database it opens. */
export function bindCopyChannel(db: Queryable, channel: CopyChannel): void {
  (dialectOf(db) as WithChannel)[CHANNEL] = channel;
}

export function copyChannelOf(db: Queryable): CopyChannel {
  const channel = (dialectOf(db) as WithChannel)[CHANNEL];
  if (!channel) throw new Error("copyChannelOf: this database was not opened by lib/db/client.ts, so it has no COPY channel");
  return channel;
}

/**
 * The driver's own client behind a Drizzle database or transaction (a pool, a pooled connection in a
 * transaction, PGlite or a transaction on it): Drizzle keeps it in `session.client`. The channels read
 * it through this, each knowing which driver's client it gets.
 */
export function driverClientOf<Client>(db: Queryable): Client {
  return (db as unknown as { session: { client: Client } }).session.client;
}

function dialectOf(db: Queryable): object {
  return (db as unknown as { dialect: object }).dialect;
}
