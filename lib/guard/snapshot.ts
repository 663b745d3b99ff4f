/**
 * The guard snapshot: what the pre-call hook needs from the posture graph, in one small file, so the hook
 * never opens the database. `blastmap guard sync` writes it; `blastmap guard hook` reads it.
 *
 * It holds fingerprints and redacted previews only, never a secret. To fingerprint the values it sees in
 * a call, the hook needs the same HMAC key the graph's fingerprints were made with; that key is never in
 * the snapshot. It comes from BLASTMAP_FINGERPRINT_KEY or from a key file sync writes beside the snapshot
 * (mode 600), and `fingerprintKeyId` lets the hook tell a key that does not match the snapshot.
 *
 * Kept light on purpose: the hook imports this module, so it depends on node built-ins and zod/mini only
 * (tree-shaken to a few kB in the bundle; full zod costs the hook ~30 ms at every start).
 */
import { createHash, createHmac } from "node:crypto";
import fs from "node:fs";
import * as z from "zod/mini";
import { AppError } from "@/lib/errors";
import { fingerprintKeyPath, type GuardEnv } from "@/lib/guard/snapshot-path";

export const SNAPSHOT_VERSION = 1;

/** D1–D5 destroy (see DESIGN.md), W writes, R reads. Mirrors ACTION_CLASSES without importing the graph's schemas. */
const actionClassSchema = z.enum(["D1", "D2", "D3", "D4", "D5", "W", "R"]);

const nodeRefSchema = z.object({ key: z.string(), kind: z.string(), name: z.string() });

const reachRowSchema = z.object({
  action: z.string(),
  class: actionClassSchema,
  resource: nodeRefSchema,
  /** Names of what dies with the resource (its containment closure: volumes, databases, backups inside). */
  dies: z.array(z.string()),
});

/** An approval gate the graph knows in front of an identity's or an agent's actions. */
const gateSchema = z.object({
  key: z.string(),
  name: z.string(),
  /** Classes the gate covers; empty = every destructive class. */
  classes: z.array(actionClassSchema),
});

const credentialSchema = z.object({
  /** The credential node's key in the graph. */
  key: z.string(),
  provider: z.string(),
  kind: z.string(),
  /** redactPreview(value): at most 4 + 4 characters. */
  preview: z.string().check(z.maxLength(16)),
  /** Files the value was found in (graph file keys: absolute paths on the machine that was swept). */
  foundIn: z.array(z.string()),
  /** The identity it authenticates as, when the graph knows it. */
  identity: z.nullable(z.object({ key: z.string(), name: z.string() })),
  /** Some of its reach was assumed from its kind (worst case), not learned from the provider. */
  assumed: z.boolean(),
  /** Destructive reach (D1–D5 only), worst class first. */
  reach: z.array(reachRowSchema),
  /** More rows than the snapshot keeps per credential: `reach` is a worst-first prefix. */
  reachTruncated: z._default(z.boolean(), false),
  /** A recovery copy of something it can destroy dies too. */
  backupsDie: z.boolean(),
  gates: z._default(z.array(gateSchema), []),
});

/**
 * An MCP server an agent is configured with, and the credentials it is configured with: an MCP call is
 * decided with its server's credentials (lib/guard/mcp-credentials.ts). Added by guard-core-2.
 */
const mcpServerSchema = z.object({
  /** The mcp_server node's key. */
  key: z.string(),
  /** The name the agent's config gives it: `mcp__<name>__tool`. */
  name: z.string(),
  /** Its URL, or its command and arguments (masked where they held a secret): Cursor names a server so. */
  endpoint: z.nullable(z.string()),
  /** The agent config file that declares it. */
  configFile: z._default(z.nullable(z.string()), null),
  /** Fingerprints of the credentials it is configured with. */
  credentials: z.array(z.string()),
});

const agentSchema = z.object({
  key: z.string(),
  name: z.string(),
  /** The agent product ("claude-code", "cursor", …) when the collector knows it. */
  kind: z.string(),
  /** The directories it works in (absolute). A credential found outside them is outside its task. */
  workspaceRoots: z.array(z.string()),
  /** Fingerprints of the credentials the graph says it can reach. */
  credentials: z._default(z.array(z.string()), []),
  gates: z._default(z.array(gateSchema), []),
  mcpServers: z._default(z.array(mcpServerSchema), []),
});

const fingerprintSchema = z.string().check(z.regex(/^[0-9a-f]{64}$/, "must be a credential fingerprint (64 hex characters)"));

export const snapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  /** ISO 8601. */
  createdAt: z.string(),
  /** Where it was built from: "local" (this machine's database) or the server's URL. */
  source: z._default(z.string(), "local"),
  /** fingerprintKeyId(key) of the key the fingerprints were made with. */
  fingerprintKeyId: z.string(),
  credentials: z.record(fingerprintSchema, credentialSchema),
  agents: z.array(agentSchema),
});

export type GuardSnapshot = z.infer<typeof snapshotSchema>;
export type SnapshotCredential = GuardSnapshot["credentials"][string];
export type SnapshotReachRow = SnapshotCredential["reach"][number];
export type SnapshotAgent = GuardSnapshot["agents"][number];
export type SnapshotGate = SnapshotCredential["gates"][number];
export type SnapshotMcpServer = SnapshotAgent["mcpServers"][number];
/** What sync builds before defaults apply (the schema's input type). */
export type GuardSnapshotInput = z.input<typeof snapshotSchema>;

export { defaultSnapshotPath, fingerprintKeyPath, userBlastmapDir, type GuardEnv } from "@/lib/guard/snapshot-path";

/**
 * A short public id of a fingerprint key, so a hook can tell a key that does not belong to a snapshot
 * without either of them holding the key. One-way: it says nothing about the key.
 */
export function fingerprintKeyId(key: Buffer): string {
  const mac = createHmac("sha256", key).update("blastmap guard fingerprint key id").digest();
  return createHash("sha256").update(mac).digest("hex").slice(0, 16);
}

/**
 * Snapshots already parsed, by path and file identity (inode, size, mtime): the warm guard daemon reads the
 * snapshot on every call, and sync replaces it by a rename (a new inode), so a changed file is read again.
 * Callers treat the snapshot as read-only.
 */
const parsedSnapshots = new Map<string, { identity: string; snapshot: GuardSnapshot }>();

/** Reads and validates a snapshot. Throws AppError("config:guard_snapshot") saying what is wrong and how to fix it. */
export function readSnapshot(file: string): GuardSnapshot {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  const identity = stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}` : "";
  const cached = parsedSnapshots.get(file);
  if (cached && stat && cached.identity === identity) return cached.snapshot;
  const snapshot = parseSnapshotFile(file);
  parsedSnapshots.set(file, { identity, snapshot });
  return snapshot;
}

function parseSnapshotFile(file: string): GuardSnapshot {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT"
        ? `No guard snapshot at ${file}. Run \`blastmap guard sync\` to write one.`
        : `The guard snapshot ${file} cannot be read (${code ?? "unknown"}).`;
    throw new AppError("config:guard_snapshot", message, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError("config:guard_snapshot", `The guard snapshot ${file} is not JSON. Run \`blastmap guard sync\` again.`, {
      cause: error,
    });
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (version !== SNAPSHOT_VERSION) {
    throw new AppError(
      "config:guard_snapshot",
      `The guard snapshot ${file} has version ${JSON.stringify(version ?? null)}; this blastmap reads version ${SNAPSHOT_VERSION}. Run \`blastmap guard sync\` with this blastmap.`,
    );
  }
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.map(String).join(".") || "(top level)";
    throw new AppError("config:guard_snapshot", `The guard snapshot ${file} is invalid at ${where}: ${issue.message}. Run \`blastmap guard sync\` again.`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export type SnapshotResult = { ok: true; snapshot: GuardSnapshot } | { ok: false; missing: boolean; reason: string };

/** readSnapshot for the hook, which must never crash: the failure as a value with its reason. */
export function tryReadSnapshot(file: string): SnapshotResult {
  try {
    return { ok: true, snapshot: readSnapshot(file) };
  } catch (error) {
    const missing = (error as { cause?: NodeJS.ErrnoException }).cause?.code === "ENOENT";
    return { ok: false, missing, reason: (error as Error).message };
  }
}

export type FingerprintKeyResult = { ok: true; key: Buffer; from: "env" | "file" } | { ok: false; reason: string };

/**
 * The key to fingerprint call values with: BLASTMAP_FINGERPRINT_KEY when set (the same variable the server
 * uses), else the key file beside the snapshot. When a snapshot is given, the key must be the one its
 * fingerprints were made with, or no lookup could ever match.
 */
export function readFingerprintKey(env: GuardEnv, snapshotPath: string, snapshot?: GuardSnapshot): FingerprintKeyResult {
  let key: Buffer;
  let from: "env" | "file";
  const fromEnv = env.BLASTMAP_FINGERPRINT_KEY;
  if (fromEnv) {
    key = Buffer.from(fromEnv, "utf8");
    from = "env";
  } else {
    const file = fingerprintKeyPath(snapshotPath);
    try {
      key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return {
        ok: false,
        reason:
          code === "ENOENT"
            ? `No fingerprint key: set BLASTMAP_FINGERPRINT_KEY or run \`blastmap guard sync\` (it writes ${file}).`
            : `The fingerprint key ${file} cannot be read (${code ?? "unknown"}).`,
      };
    }
    from = "file";
    if (key.length < 32) return { ok: false, reason: `The fingerprint key ${file} is too short. Run \`blastmap guard sync\` again.` };
  }
  if (snapshot && fingerprintKeyId(key) !== snapshot.fingerprintKeyId) {
    return {
      ok: false,
      reason: `The fingerprint key (${from === "env" ? "BLASTMAP_FINGERPRINT_KEY" : fingerprintKeyPath(snapshotPath)}) is not the one the snapshot was made with. Run \`blastmap guard sync\` again.`,
    };
  }
  return { ok: true, key, from };
}
