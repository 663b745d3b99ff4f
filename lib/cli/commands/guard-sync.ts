/**
 * blastmap guard sync [--server URL --token TOKEN] [--out FILE]: writes the guard snapshot (what the hook
 * needs from the graph) and, beside it, the fingerprint key (mode 600), from the local database or from a
 * server's /api/v1/guard/snapshot.
 */
import fs from "node:fs";
import path from "node:path";
import { withDatabase } from "@/lib/cli/database";
import { parseFlags } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";
import { buildGuardSnapshot } from "@/lib/db/queries/guard-snapshot";
import { getEnv } from "@/lib/env";
import { AppError, type AppErrorCode } from "@/lib/errors";
import { defaultSnapshotPath, fingerprintKeyId, fingerprintKeyPath, snapshotSchema, type GuardSnapshot } from "@/lib/guard/snapshot";
import { getServerSecrets } from "@/lib/server-secrets";

export async function guardSyncCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { server: { type: "string" }, token: { type: "string" }, out: { type: "string" } });
  const env = getEnv();
  const out = values.out ? path.resolve(values.out) : defaultSnapshotPath(process.env);
  const server = values.server ?? (values.token ? env.BLASTMAP_SERVER : undefined);
  let snapshot: GuardSnapshot;
  let key: Buffer;
  if (server) {
    const token = values.token ?? env.BLASTMAP_TOKEN;
    if (!token) throw new AppError("bad_request:usage", "--token TOKEN (or BLASTMAP_TOKEN) is required with --server: an API token of the guard-sync scope");
    ({ snapshot, key } = await fetchSnapshot(serverUrl(server), token));
  } else {
    key = getServerSecrets().fingerprintKey;
    snapshot = await withDatabase((db) => buildGuardSnapshot(db, { fingerprintKeyId: fingerprintKeyId(key) }));
  }
  writeSnapshot(out, snapshot, key);
  const credentials = Object.keys(snapshot.credentials).length;
  io.err(`guard snapshot: ${credentials} credential${credentials === 1 ? "" : "s"}, ${snapshot.agents.length} agent${snapshot.agents.length === 1 ? "" : "s"} from ${snapshot.source}`);
  if (credentials === 0) {
    io.err("The graph holds no credential yet: the guard will classify calls by the catalogue only. Sweep a workspace (blastmap collect workspace … then ingest) and sync again.");
  }
  io.out(`${out}\n`);
  return 0;
}

/** The snapshot and the key, each written to a temporary file and renamed: a hook never reads half a file. */
export function writeSnapshot(file: string, snapshot: GuardSnapshot, key: Buffer): void {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeAtomically(fingerprintKeyPath(file), key.toString("utf8"));
    writeAtomically(file, `${JSON.stringify(snapshot)}\n`);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new AppError("config:guard_snapshot", `cannot write the guard snapshot in ${dir} (${code})`, { cause: error });
  }
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600); // the mode of writeFileSync applies to new files only
  fs.renameSync(tmp, file);
}

function serverUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new AppError("bad_request:usage", `--server ${server} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new AppError("bad_request:usage", "--server must be an http(s) URL");
  return url.toString().replace(/\/$/, "");
}

const STATUS_CODES: Record<number, AppErrorCode> = { 401: "unauthorized:token", 403: "forbidden:role" };

async function fetchSnapshot(server: string, token: string): Promise<{ snapshot: GuardSnapshot; key: Buffer }> {
  const url = `${server}/api/v1/guard/snapshot`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
  } catch (error) {
    throw new AppError("database:unreachable", `cannot reach ${server} (${(error as Error).cause ?? (error as Error).message})`, { cause: error });
  }
  const payload = (await response.json().catch(() => null)) as { message?: string; snapshot?: unknown; fingerprintKey?: unknown } | null;
  if (!response.ok) {
    throw new AppError(STATUS_CODES[response.status] ?? "internal", `server answered ${response.status}: ${payload?.message ?? response.statusText}`);
  }
  const parsed = snapshotSchema.safeParse(payload?.snapshot);
  if (!parsed.success || typeof payload?.fingerprintKey !== "string") {
    throw new AppError("config:guard_snapshot", `${url} did not answer with a guard snapshot this blastmap reads (is the server the same version?)`);
  }
  const key = Buffer.from(payload.fingerprintKey, "utf8");
  if (fingerprintKeyId(key) !== parsed.data.fingerprintKeyId) {
    throw new AppError("config:guard_snapshot", `${url} answered with a fingerprint key that does not match its snapshot`);
  }
  return { snapshot: parsed.data, key };
}
