/**
 * COPY on PGlite: in through its virtual `/dev/blob` file, out through its raw protocol stream (or
 * `/dev/blob` inside a transaction, whose object has no raw stream). Chosen by lib/db/client.ts for the
 * embedded database.
 */
import type { PGlite, Transaction } from "@electric-sql/pglite";
import { driverClientOf, type CopyChannel } from "@/lib/db/store/copy-channel";
import { CopyDataReader, ERROR_RESPONSE, errorFromResponse } from "@/lib/db/store/copy-data-reader";

/** The database's client is the PGlite instance; a transaction's, PGlite's transaction object. */
type PgliteClient = PGlite | Transaction;

export const pgliteCopyChannel: CopyChannel = {
  async copyIn(tx, target, chunks) {
    const client = driverClientOf<PgliteClient>(tx);
    await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([...chunks] as BlobPart[]) });
  },
  async copyOut(db, statement, consumeLines) {
    const client = driverClientOf<PgliteClient>(db);
    if (isInstance(client)) return copyOutRaw(client, statement, consumeLines);
    const result = await client.query(statement.replace("to stdout", "to '/dev/blob'"));
    return Buffer.from(await (result.blob ?? new Blob()).arrayBuffer());
  },
};

function isInstance(client: PgliteClient): client is PGlite {
  return "execProtocolRawStream" in client;
}

/**
 * PGlite's COPY … TO STDOUT, taken from its raw protocol stream: ~40% faster than through `/dev/blob`
 * (~375 against ~630 ms for a million edge rows), and the rows reach `consumeLines` while the server is
 * still writing them. Raw protocol calls wait for neither PGlite's queries nor its transactions, so
 * this takes both: in a transaction of its own (a query outside one waits for any open transaction to
 * end, and so must this), under the exclusive lock its documentation advises for raw calls.
 */
async function copyOutRaw(pg: PGlite, statement: string, consumeLines?: (lines: Buffer) => void): Promise<Buffer> {
  const reader = new CopyDataReader(consumeLines);
  const after: Buffer[] = [];
  const onRawData = (data: Uint8Array) => {
    // `data` is a view of PGlite's memory, valid during this call: the reader copies what it keeps.
    const chunk = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (reader.done) after.push(Buffer.from(chunk));
    else {
      const rest = reader.take(chunk);
      if (rest !== null) after.push(rest);
    }
  };
  return pg.transaction(async () => {
    await pg.runExclusive(() => pg.execProtocolRawStream(queryMessage(statement), { syncToFs: false, onRawData }));
    const rest = Buffer.concat(after);
    if (rest[0] === ERROR_RESPONSE) throw errorFromResponse(rest); // and the transaction rolls back
    if (reader.consumeError) throw reader.consumeError;
    return reader.data;
  });
}

/** A simple-protocol Query message: 'Q', its length, the statement as a C string. */
function queryMessage(statement: string): Uint8Array {
  const text = Buffer.from(statement, "utf8");
  const message = Buffer.alloc(text.length + 6);
  message[0] = 0x51; // 'Q'
  message.writeInt32BE(text.length + 5, 1);
  text.copy(message, 5);
  return message;
}

