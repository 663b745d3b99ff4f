/**
 * The "server" of the kill test: opens the database (argv[2]: "pglite" and a data folder, or "pg" and a
 * URL, in argv[3]), starts a sweep of source "estate" and writes a large batch inside its transaction,
 * then prints "written" and waits, the transaction still open, for the test to kill it.
 */
import { openDatabase } from "@/lib/db/client";
import { findOrCreateSource } from "@/lib/db/queries/sources";
import { startSweep } from "@/lib/db/queries/sweeps";
import { applyBatch } from "@/lib/db/store/store";
import { validateBatch } from "@/lib/graph/validate-batch";
import { estateBatch } from "@/lib/sweeps/testing/estate-batch";

const [driver, location] = process.argv.slice(2);
const handle = await openDatabase(driver === "pglite" ? { driver: "pglite", dataDir: location } : { driver: "pg", url: location });
const batch = validateBatch(estateBatch(20_000, "second"));
const source = await findOrCreateSource(handle.db, "estate", "workspace");
const sweep = await startSweep(handle.db, source.id, "push");
await handle.db.transaction(async (tx) => {
  await applyBatch(tx, source.id, sweep.id, batch);
  process.stdout.write("written\n");
  await new Promise(() => {}); // killed here, before the commit
});
