import { defineRoute } from "@/lib/api/define-route";
import { revokeApiToken } from "@/lib/db/queries/api-tokens";
import { toPublicToken } from "@/lib/sweeps/token-view";
import { tokenParams } from "./schema";

export const dynamic = "force-dynamic";

/** Revoke: the token stops working at once; its row stays for the record. */
export const DELETE = defineRoute({
  route: "DELETE /api/v1/tokens/[id]",
  audit: { action: "token.revoke", target: ({ params }) => `token:${params.id}` },
  params: tokenParams,
  handler: async ({ db, params }) => ({ token: toPublicToken(await revokeApiToken(db, params.id)) }),
});
