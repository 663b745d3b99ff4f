/**
 * COPY on node-postgres: in through pg-copy-streams, out through a small collector on the connection's
 * socket (CopyOutCollector). Chosen by lib/db/client.ts for the pg driver; the Neon driver (a fork of
 * node-postgres) copies in the same way (copy-neon.ts).
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Pool, PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { driverClientOf, type CopyChannel } from "@/lib/db/store/copy-channel";
import { CopyDataReader } from "@/lib/db/store/copy-data-reader";
import type { Queryable } from "@/lib/db/rows";

/** What a node-postgres (or Neon) client offers: query() accepts a submittable (a stream, or a collector). */
interface StreamingClient {
  query<T extends ReturnType<typeof copyFrom> | CopyOutCollector>(submittable: T): T;
}

/** The database's client is its pool; a transaction's, the pooled connection it holds. */
type PgClient = Pool | PoolClient;

export const pgCopyChannel: CopyChannel = {
  copyIn: copyInByStream,
  async copyOut(db, statement, consumeLines) {
    const client = driverClientOf<PgClient>(db);
    if (!isPool(client)) return streamingOf(client).query(new CopyOutCollector(statement, consumeLines)).bytes;
    const connection = await client.connect();
    try {
      return await streamingOf(connection).query(new CopyOutCollector(statement, consumeLines)).bytes;
    } finally {
      connection.release();
    }
  },
};

/** COPY in through pg-copy-streams, on the transaction's connection. */
export async function copyInByStream(tx: Queryable, target: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const client = streamingOf(driverClientOf<PgClient>(tx));
  await pipeline(Readable.from(chunks), client.query(copyFrom(`copy ${target} from stdin`)));
}

function isPool(client: PgClient): client is Pool {
  return !("release" in client);
}

function streamingOf(client: PgClient): StreamingClient {
  return client as unknown as StreamingClient;
}

/** The socket and message hooks of node-postgres's connection that a COPY TO collector borrows. */
interface PgConnection {
  stream: NodeJS.ReadableStream & { listeners(event: "data"): ((chunk: Buffer) => void)[] };
  query(text: string): void;
}

/**
 * COPY … TO STDOUT read off node-postgres's socket directly, through a CopyDataReader. Like
 * pg-copy-streams, it takes the socket from the connection's parser until CopyDone and then hands the
 * rest (CommandComplete, ReadyForQuery, or an error) back.
 */
class CopyOutCollector {
  readonly bytes: Promise<Buffer>;
  private settle!: { resolve(bytes: Buffer): void; reject(error: Error): void };
  private readonly reader: CopyDataReader;
  private failed = false;

  constructor(
    private readonly text: string,
    consumeLines?: (lines: Buffer) => void,
  ) {
    this.reader = new CopyDataReader(consumeLines);
    this.bytes = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  /** Called by node-postgres when the query's turn comes. */
  submit(connection: PgConnection): void {
    const socket = connection.stream;
    const [parserListener] = socket.listeners("data");
    socket.removeListener("data", parserListener);
    socket.pause();
    const onReadable = () => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) {
        const rest = this.reader.take(chunk);
        if (rest === null) continue;
        socket.removeListener("readable", onReadable);
        socket.addListener("data", parserListener);
        parserListener(rest);
        process.nextTick(() => socket.resume());
        return;
      }
    };
    socket.on("readable", onReadable);
    connection.query(this.text);
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.failed) return;
    if (this.reader.consumeError) this.settle.reject(this.reader.consumeError);
    else if (this.reader.done) this.settle.resolve(this.reader.data);
  }

  handleError(error: Error): void {
    this.failed = true;
    this.settle.reject(error);
  }
}

