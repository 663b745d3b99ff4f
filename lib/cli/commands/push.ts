import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parseFlags } from "@/lib/cli/main";
import type { CliIo } from "@/lib/cli/output";
import { getEnv } from "@/lib/env";
import { AppError, type AppErrorCode } from "@/lib/errors";

export const PUSH_FLAG_SPEC = {
  server: { type: "string" },
  token: { type: "string" },
  source: { type: "string" },
} as const;

export interface PushTarget {
  server: string;
  token: string;
  /** Source id or name on the server. */
  source: string;
}

/** blastmap push FILE [--source NAME_OR_ID] --server URL --token TOKEN — send a batch to a server as a sweep. */
export async function pushCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, PUSH_FLAG_SPEC, true);
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new AppError("bad_request:usage", "name one batch file to push");
  const body = readBatchText(file);
  const target = pushTargetFromFlags(values, path.basename(file).replace(/\.[^.]*$/, ""));
  await pushBatchText(body, target, io);
  return 0;
}

export function pushTargetFromFlags(values: { server?: string; token?: string; source?: string }, defaultSource?: string): PushTarget {
  const env = getEnv();
  const server = values.server ?? env.BLASTMAP_SERVER;
  const token = values.token ?? env.BLASTMAP_TOKEN;
  const source = values.source ?? defaultSource;
  if (!server) throw new AppError("bad_request:usage", "--server URL (or BLASTMAP_SERVER) is required to push");
  if (!token) throw new AppError("bad_request:usage", "--token TOKEN (or BLASTMAP_TOKEN) is required to push");
  if (!source) throw new AppError("bad_request:usage", "--source NAME_OR_ID is required to push");
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new AppError("bad_request:usage", `--server ${server} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new AppError("bad_request:usage", "--server must be an http(s) URL");
  return { server: url.toString().replace(/\/$/, ""), token, source };
}

const STATUS_CODES: Record<number, AppErrorCode> = {
  400: "bad_request:batch",
  401: "unauthorized:token",
  403: "forbidden:role",
  404: "not_found:source",
  409: "conflict:sweep_running",
  413: "payload_too_large:batch",
};

/** POSTs the batch gzipped; prints the sweep's outcome on stderr. Throws with the server's message. */
export async function pushBatchText(json: string, target: PushTarget, io: CliIo): Promise<{ sweepId: number }> {
  const url = `${target.server}/api/v1/sources/${encodeURIComponent(target.source)}/sweeps`;
  const body = gzipSync(json);
  io.err(`… pushing ${formatBytes(json.length)} (${formatBytes(body.length)} gzipped) to ${url}`);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      body,
      headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json", "content-encoding": "gzip" },
    });
  } catch (error) {
    throw new AppError("database:unreachable", `cannot reach ${target.server} (${(error as Error).cause ?? (error as Error).message})`, { cause: error });
  }
  const payload = (await response.json().catch(() => null)) as { message?: string; sweep?: { id: number; stats?: Record<string, number>; warnings?: number }; changes?: Record<string, number> } | null;
  if (!response.ok) {
    throw new AppError(STATUS_CODES[response.status] ?? "internal", `server answered ${response.status}: ${payload?.message ?? response.statusText}`);
  }
  const s = payload?.sweep?.stats ?? {};
  const c = payload?.changes ?? {};
  io.err(
    `sweep ${payload?.sweep?.id} of source "${target.source}" succeeded: nodes +${s.nodesAdded ?? 0} ~${s.nodesUpdated ?? 0} -${s.nodesPruned ?? 0}, ` +
      `edges +${s.edgesAdded ?? 0} ~${s.edgesUpdated ?? 0} -${s.edgesPruned ?? 0}; ` +
      `credentials +${c.credentialsAdded ?? 0} -${c.credentialsRemoved ?? 0}, new destructive reach ${c.reachAdded ?? 0}, ` +
      `findings opened ${c.findingsOpened ?? 0}, resolved ${c.findingsResolved ?? 0}` +
      (payload?.sweep?.warnings ? `; ${payload.sweep.warnings} ${payload.sweep.warnings === 1 ? "warning" : "warnings"} (records left out, if any, are among them): see the sweep on the Sources page` : ""),
  );
  return { sweepId: payload?.sweep?.id ?? 0 };
}

function readBatchText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new AppError("bad_request:input", `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
