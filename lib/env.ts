/**
 * The environment, parsed once. Nothing else in the code base reads process.env.
 */
import path from "node:path";
import { z } from "zod";
import { AppError } from "@/lib/errors";

const databaseUrlSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must look like postgres://user:password@host:5432/database");

/**
 * BLASTMAP_OIDC_ROLE_MAP: "group=role[+approver],…", e.g. "sec-admins=admin+approver,secops=analyst,staff=viewer".
 * A user's role is the highest their groups map to; approver if any of their groups grants it.
 */
const roleMapSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const entries: { group: string; role: "admin" | "analyst" | "viewer"; approver: boolean }[] = [];
    for (const part of value.split(",").map((item) => item.trim()).filter(Boolean)) {
      const match = /^(.+?)=(admin|analyst|viewer)(\+approver)?$/.exec(part);
      if (!match) {
        ctx.addIssue({ code: "custom", message: `has "${part.slice(0, 80)}"; write group=admin|analyst|viewer[+approver]` });
        return z.NEVER;
      }
      entries.push({ group: match[1].trim(), role: match[2] as "admin" | "analyst" | "viewer", approver: Boolean(match[3]) });
    }
    return entries;
  });

const envSchema = z.object({
  DATABASE_URL: z.preprocess((value) => (value === "" ? undefined : value), databaseUrlSchema.optional()),
  BLASTMAP_DB_DRIVER: z.enum(["pglite", "pg", "neon"]).optional(),
  BLASTMAP_DATA_DIR: z.string().default(".blastmap"),
  BLASTMAP_AUTH_SECRET: z.string().min(32).optional(),
  BLASTMAP_FINGERPRINT_KEY: z.string().min(32).optional(),
  /** Seals source secrets (passwords in source configs); generated into the data folder when unset. */
  BLASTMAP_CONFIG_KEY: z.string().min(32).optional(),
  BLASTMAP_ADMIN_PASSWORD: z.string().min(8).optional(),
  BLASTMAP_DEMO: z.enum(["0", "1"]).optional(),
  /** Read by next.config.ts at `next start`: "1" makes the server gzip its responses. */
  BLASTMAP_COMPRESS: z.enum(["0", "1"]).optional(),
  /** Neon driver only: a ws→TCP proxy ("127.0.0.1:9000/v2"), for local development and tests. */
  BLASTMAP_NEON_WS_PROXY: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Server processes `npm start` runs on the one port (Postgres and Neon only: the embedded database allows one). */
  BLASTMAP_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  /** The address `npm start` listens on: this machine only by default; 0.0.0.0 (or ::) for every interface. */
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  /**
   * The URL users reach Blastmap at, when it is not http://localhost:PORT (behind a reverse proxy, say):
   * sign-in redirects go there, and an https:// one makes the session cookie Secure. NEXTAUTH_URL, when
   * set, wins.
   */
  BLASTMAP_PUBLIC_URL: z.string().url().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  CI: z.string().optional(),
  /** Integration tests: the Postgres server to create scratch databases on. */
  TEST_DATABASE_URL: z.string().default("postgres://postgres@127.0.0.1:5432/test"),
  NODE_ENV: z.string().optional(),
  /** Set by Next.js: "nodejs" in the server runtime, where the sweep worker may start. */
  NEXT_RUNTIME: z.string().optional(),
  /** `blastmap push` / `collect --push`: defaults for --server and --token (keeps the token off the command line). */
  BLASTMAP_SERVER: z.string().url().optional(),
  BLASTMAP_TOKEN: z.string().min(1).optional(),
  /**
   * What one push over HTTP may hold: bytes (after gzip inflation), nodes and edges. A push over a limit
   * is refused with 413 before any record is parsed (README "Limits").
   */
  BLASTMAP_PUSH_MAX_BYTES: z.coerce.number().int().min(1024).default(50 * 1024 * 1024),
  BLASTMAP_PUSH_MAX_NODES: z.coerce.number().int().min(1).default(500_000),
  BLASTMAP_PUSH_MAX_EDGES: z.coerce.number().int().min(1).default(2_000_000),
  /**
   * What one sweep of a source may hold, however it arrives (pushed, scheduled, `blastmap ingest`): the
   * defaults take the 10M-edge benchmark estate (1.6M nodes, 2,000 agents).
   */
  BLASTMAP_SOURCE_MAX_NODES: z.coerce.number().int().min(1).default(2_000_000),
  BLASTMAP_SOURCE_MAX_EDGES: z.coerce.number().int().min(1).default(12_000_000),
  BLASTMAP_SOURCE_MAX_AGENTS: z.coerce.number().int().min(1).default(10_000),
  /**
   * What sweeps the server runs may read and reach (README "What the server can reach"): folders, separated
   * by ":" or ","; hosts ("db.internal", "*.corp.example", "10.0.0.5:5432"), separated by ",". Unset: any
   * folder but the data folder, /proc, /sys and /dev; any host but link-local and cloud metadata.
   */
  BLASTMAP_ALLOWED_ROOTS: z.string().trim().min(1).transform((v) => v.split(/[:,]/).map((p) => p.trim()).filter(Boolean)).optional(),
  BLASTMAP_ALLOWED_HOSTS: z.string().trim().min(1).transform((v) => v.split(",").map((h) => h.trim()).filter(Boolean)).optional(),
  /** Single sign-on (OpenID Connect): on when the issuer is set; client id, secret and role map then required. */
  BLASTMAP_OIDC_ISSUER: z.string().url().optional(),
  BLASTMAP_OIDC_CLIENT_ID: z.string().min(1).optional(),
  BLASTMAP_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  BLASTMAP_OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  BLASTMAP_OIDC_SCOPE: z.string().min(1).default("openid profile email"),
  BLASTMAP_OIDC_ROLE_MAP: roleMapSchema.optional(),
  /** The sign-in button's label. */
  BLASTMAP_OIDC_NAME: z.string().min(1).max(60).default("Single sign-on"),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    const code = name === "DATABASE_URL" ? "config:database_url" : "bad_request:config";
    throw new AppError(code, `${name} ${issue.message}. Fix or unset it and try again.`);
  }
  const oidc = parsed.data;
  if (oidc.BLASTMAP_OIDC_ISSUER && !(oidc.BLASTMAP_OIDC_CLIENT_ID && oidc.BLASTMAP_OIDC_CLIENT_SECRET && oidc.BLASTMAP_OIDC_ROLE_MAP?.length)) {
    throw new AppError(
      "bad_request:config",
      "BLASTMAP_OIDC_ISSUER is set: BLASTMAP_OIDC_CLIENT_ID, BLASTMAP_OIDC_CLIENT_SECRET and BLASTMAP_OIDC_ROLE_MAP are needed too.",
    );
  }
  cached = { ...parsed.data, dataDir: path.resolve(parsed.data.BLASTMAP_DATA_DIR) };
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvForTests(): void {
  cached = undefined;
}
