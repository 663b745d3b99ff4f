/**
 * GET /api/v1/guard/snapshot: what `blastmap guard sync --server` writes on a developer's machine: the
 * guard snapshot and the fingerprint key the hook needs to match call values against it. For an API
 * token of the guard-sync scope (or a signed-in admin). The key never goes into the snapshot itself.
 */
import { defineRoute } from "@/lib/api/define-route";
import { buildGuardSnapshot } from "@/lib/db/queries/guard-snapshot";
import { fingerprintKeyId } from "@/lib/guard/snapshot";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  route: "GET /api/v1/guard/snapshot",
  handler: async ({ db, fingerprintKey, request }) => {
    const snapshot = await buildGuardSnapshot(db, { fingerprintKeyId: fingerprintKeyId(fingerprintKey), source: new URL(request.url).origin });
    return Response.json({ snapshot, fingerprintKey: fingerprintKey.toString("utf8") }, { headers: { "cache-control": "no-store" } });
  },
});
