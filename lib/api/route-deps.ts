/**
 * What route handlers need from the server: its database and keys. Tests swap in their own, so they can
 * call the exported handlers with plain Request objects.
 */
import type { Db } from "@/lib/db/client";
import { getDb } from "@/lib/db/server-db";
import { getServerSecrets } from "@/lib/server-secrets";

export interface RouteDeps {
  db: Db;
  fingerprintKey: Buffer;
  configKey: Buffer;
}

let override: RouteDeps | undefined;

export async function getRouteDeps(): Promise<RouteDeps> {
  if (override) return override;
  const secrets = getServerSecrets();
  return { db: await getDb(), fingerprintKey: secrets.fingerprintKey, configKey: secrets.configKey };
}

export function setRouteDepsForTests(deps: RouteDeps | undefined): void {
  override = deps;
}
