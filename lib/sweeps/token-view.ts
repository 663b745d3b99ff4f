/** What the UI and the API show of an API token: never its hash. */
import type { ApiToken } from "@/lib/db/schema";

export interface PublicToken {
  id: number;
  name: string;
  prefix: string;
  scope: string;
  sourceIds: number[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function toPublicToken(token: ApiToken): PublicToken {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scope: token.scope,
    sourceIds: token.sourceIds,
    createdBy: token.createdBy,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
