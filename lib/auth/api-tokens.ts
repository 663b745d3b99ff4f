/**
 * API tokens for remote collectors: 32 random bytes, shown once, stored as SHA-256. A slow password hash
 * (bcrypt) buys nothing here: the token has 256 bits of entropy, so there is no dictionary to grind, and
 * a plain hash lets each request find its token with one indexed lookup instead of comparing every row.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { insertApiToken, touchLiveApiTokenByHash } from "@/lib/db/queries/api-tokens";
import type { ApiToken } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

const TOKEN_PREFIX = "bm_";

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export interface CreatedApiToken {
  /** The plain token: returned once, never stored. */
  token: string;
  record: ApiToken;
}

/**
 * What a token may do, one thing each: `ingest` pushes batches to its sources; `guard-sync` reads the guard
 * snapshot, fingerprint key included (for `blastmap guard sync --server` on each developer's machine).
 */
export const API_TOKEN_SCOPES = ["ingest", "guard-sync"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export async function createApiToken(
  db: Db,
  input: { name: string; sourceIds: number[]; createdBy: string; scope?: ApiTokenScope },
): Promise<CreatedApiToken> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const record = await insertApiToken(db, {
    name: input.name,
    tokenHash: hashApiToken(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    sourceIds: [...new Set(input.sourceIds)],
    scope: input.scope ?? "ingest",
    createdBy: input.createdBy,
  });
  return { token, record };
}

/** The token of an `Authorization: Bearer …` header, or a 401 that does not say which part was wrong. */
export async function authenticateApiToken(db: Db, authorization: string | null): Promise<ApiToken> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const record = match ? await touchLiveApiTokenByHash(db, hashApiToken(match[1])) : null;
  if (!record) throw new AppError("unauthorized:token", "Missing, unknown or revoked API token.");
  return record;
}

export function assertTokenMaySweep(token: ApiToken, sourceId: number): void {
  if (token.scope !== "ingest" || !token.sourceIds.includes(sourceId)) {
    throw new AppError("forbidden:role", `This API token may not push to source ${sourceId}.`);
  }
}

export function assertTokenMayGuardSync(token: ApiToken): void {
  if (token.scope !== "guard-sync") throw new AppError("forbidden:role", "This API token may not read the guard snapshot: create one with the guard-sync scope.");
}
