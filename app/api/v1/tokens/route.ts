import { createApiToken } from "@/lib/auth/api-tokens";
import { defineRoute } from "@/lib/api/define-route";
import { listApiTokens } from "@/lib/db/queries/api-tokens";
import { getSourceOrThrow } from "@/lib/db/queries/sources";
import { toPublicToken } from "@/lib/sweeps/token-view";
import { createTokenBody } from "./schema";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  route: "GET /api/v1/tokens",
  handler: async ({ db }) => ({ tokens: (await listApiTokens(db)).map(toPublicToken) }),
});

/** The plain token is in this response only. */
export const POST = defineRoute({
  route: "POST /api/v1/tokens",
  audit: { action: "token.create", target: ({ body }) => `token:${body.name}` },
  body: createTokenBody,
  handler: async ({ db, body, user }) => {
    for (const id of body.sourceIds) await getSourceOrThrow(db, id);
    const { token, record } = await createApiToken(db, { name: body.name, scope: body.scope, sourceIds: body.sourceIds, createdBy: user?.name ?? "unknown" });
    return Response.json({ token, record: toPublicToken(record) }, { status: 201 });
  },
});
