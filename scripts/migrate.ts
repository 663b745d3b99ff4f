/** `npm run db:migrate`: apply pending migrations to the configured database; a second run is a no-op. */
import { openDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { describeError } from "@/lib/errors";

async function main(): Promise<void> {
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    console.log(`Migrations applied to the ${handle.driver} database at ${handle.location}.`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(`blastmap: ${describeError(error)}`);
  process.exit(1);
});
