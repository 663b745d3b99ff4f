/**
 * Readiness: the app answers and its database runs a query. Public, so load balancers and tests can poll it.
 * On Postgres and Neon the query has a connection of its own (DatabaseHandle.probe): pages holding every
 * pooled connection do not make the database look down.
 *
 * The embedded database has one connection, which a sweep's transaction holds for the whole load: a probe
 * queued behind it answered only when the sweep ended (48 s for a large push). A probe that has not
 * answered within EMBEDDED_BUSY_AFTER_MS there says "busy" instead of waiting: the process and its
 * database are working, on something else.
 */
import { publicRoute } from "@/lib/api/define-route";
import { getServerDatabase } from "@/lib/db/server-db";
import { describeError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * Well under the 200 ms a health check must answer within (issue 15): under load the timer itself fires late,
 * by as much as the render in progress (up to 60 ms measured with 50 users), and the request waits its turn.
 */
const EMBEDDED_BUSY_AFTER_MS = 100;

export const GET = publicRoute("GET /api/health", async () => {
  try {
    const handle = await getServerDatabase();
    const probe = handle.probe();
    if (handle.driver === "pglite") {
      probe.catch(() => {}); // still running when it is busy: its answer is no longer awaited
      const answered = await Promise.race([probe.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), EMBEDDED_BUSY_AFTER_MS))]);
      if (!answered) return Response.json({ status: "ok", database: handle.driver, busy: true });
    } else {
      await probe;
    }
    return Response.json({ status: "ok", database: handle.driver });
  } catch (error) {
    return Response.json({ status: "unavailable", error: describeError(error) }, { status: 503 });
  }
});
