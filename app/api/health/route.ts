/**
 * Readiness: the app answers and its database runs a query. Public, so load balancers and tests can poll it.
 */
import { sql } from "drizzle-orm";
import { publicRoute } from "@/lib/api/define-route";
import { getServerDatabase } from "@/lib/db/server-db";
import { describeError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = publicRoute("GET /api/health", async () => {
  try {
    const handle = await getServerDatabase();
    await handle.db.execute(sql`select 1`);
    return Response.json({ status: "ok", database: handle.driver });
  } catch (error) {
    return Response.json({ status: "unavailable", error: describeError(error) }, { status: 503 });
  }
});
