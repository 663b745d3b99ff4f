/**
 * Provider tokens recognised by their own shape (a documented prefix and length). These are the kinds the
 * catalogue scores, so we name provider and kind precisely rather than leaving them to the generic rules.
 */
import type { Detection } from "@/lib/credentials/types";
import type { LineLocator } from "@/lib/credentials/text-lines";
import { readJwtClaims, serviceAccountOfClaims } from "@/lib/credentials/detectors/jwt-claims";

interface TokenPattern {
  provider: string;
  /** Kind from the match (prefix decides: ghp_ classic, github_pat_ fine-grained, …). */
  kind: (match: RegExpExecArray) => string | undefined;
  pattern: RegExp;
  identity?: (match: RegExpExecArray) => Record<string, string | number> | undefined;
}

const GITHUB_KIND: Record<string, string> = {
  ghp: "classic-token",
  gho: "oauth-token",
  ghu: "user-to-server-token",
  ghs: "installation-token",
  ghr: "refresh-token",
};

const TOKEN_PATTERNS: readonly TokenPattern[] = [
  {
    provider: "github",
    pattern: /(?<![A-Za-z0-9_])(gh[pousr])_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
    kind: (m) => GITHUB_KIND[m[1]],
  },
  {
    provider: "github",
    pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/g,
    kind: () => "fine-grained-token",
  },
  {
    provider: "stripe",
    pattern: /(?<![A-Za-z0-9_])([sr]k)_(live|test)_[A-Za-z0-9]{24,247}(?![A-Za-z0-9_])/g,
    kind: (m) => (m[1] === "sk" ? "secret-key" : "restricted-key"),
    identity: (m) => ({ mode: m[2] }),
  },
  {
    provider: "anthropic",
    pattern: /(?<![A-Za-z0-9_-])sk-ant-(api|admin)\d\d-[A-Za-z0-9_-]{32,200}(?![A-Za-z0-9_-])/g,
    kind: (m) => (m[1] === "admin" ? "admin-key" : "api-key"),
  },
  {
    provider: "openai",
    pattern: /(?<![A-Za-z0-9_-])sk-(proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}(?![A-Za-z0-9_-])/g,
    kind: (m) => ({ proj: "project-key", svcacct: "service-account-key", admin: "admin-key" })[m[1]],
  },
  {
    provider: "openai",
    pattern: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![A-Za-z0-9_-])/g,
    kind: () => "user-key",
  },
  { provider: "neon", pattern: /(?<![A-Za-z0-9_])napi_[a-z0-9]{64}(?![A-Za-z0-9_])/g, kind: () => "api-key" },
  {
    provider: "supabase",
    pattern: /(?<![A-Za-z0-9_])sbp_[a-f0-9]{40}(?![A-Za-z0-9_])/g,
    kind: () => "personal-access-token",
  },
  {
    provider: "supabase",
    pattern: /(?<![A-Za-z0-9_])sb_secret_[A-Za-z0-9_-]{20,100}(?![A-Za-z0-9_-])/g,
    kind: () => "secret-key",
  },
  {
    provider: "vercel",
    pattern: /(?<![A-Za-z0-9_])(vc[piark])_[A-Za-z0-9]{20,60}(?![A-Za-z0-9_])/g,
    kind: (m) => ({ vcp: "personal-token", vci: "integration-token", vca: "app-token", vcr: "refresh-token", vck: "api-key" })[m[1]],
  },
  { provider: "npm", pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g, kind: () => "access-token" },
  {
    // Supabase's newer personal access tokens.
    provider: "supabase",
    pattern: /(?<![A-Za-z0-9_])sbp_v0_[A-Za-z0-9]{32,64}(?![A-Za-z0-9_])/g,
    kind: () => "personal-access-token",
  },
  { provider: "perplexity", pattern: /(?<![A-Za-z0-9_-])pplx-[A-Za-z0-9]{32,64}(?![A-Za-z0-9_-])/g, kind: () => "api-key" },
  {
    // re_<8-character id>_<secret>; the lookahead for a digit keeps `re_compile_pattern_…` names out.
    provider: "resend",
    pattern: /(?<![A-Za-z0-9_])re_(?=[A-Za-z0-9_]*\d)[A-Za-z0-9]{6,12}_[A-Za-z0-9]{20,40}(?![A-Za-z0-9_])/g,
    kind: () => "api-key",
  },
  {
    // Profile API keys (live_ / test_ + 30 characters) and organization access tokens (access_ + 40).
    provider: "mollie",
    pattern: /(?<![A-Za-z0-9_])(live|test)_(?=[A-Za-z]*\d)[A-Za-z0-9]{30}(?![A-Za-z0-9_])/g,
    kind: () => "api-key",
    identity: (m) => ({ mode: m[1] }),
  },
  {
    provider: "mollie",
    pattern: /(?<![A-Za-z0-9_])access_(?=[A-Za-z]*\d)[A-Za-z0-9]{40}(?![A-Za-z0-9_])/g,
    kind: () => "organization-access-token",
  },
  { provider: "context7", pattern: /(?<![A-Za-z0-9_-])ctx7sk-[A-Za-z0-9-]{20,80}(?![A-Za-z0-9_-])/g, kind: () => "api-key" },
];

/**
 * Supabase service-role keys, however the claim is spelled: `role` / `Role` / `app_role`, `service_role` /
 * `service-role` / `serviceRole` / `SERVICE_ROLE` (self-hosted stacks mint their own).
 */
function isServiceRole(claims: Record<string, unknown>): boolean {
  return Object.entries(claims).some(
    ([key, value]) => /^(?:app_?)?role$/i.test(key) && typeof value === "string" && value.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase().replace(/[-\s]/g, "_") === "service_role",
  );
}

const PEM_BLOCK =
  /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |PGP |ENCRYPTED )?)PRIVATE KEY( BLOCK)?-----[\s\S]{16,16384}?-----END \1PRIVATE KEY\2-----/g;
const JWT = /(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?![A-Za-z0-9_.-])/g;
const AWS_KEY_ID = /(?<![A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Z0-9])/g;
const AWS_SECRET =
  /(?:secret_?access_?key|secretaccesskey|secret_key)["']?\s*(?::|=>|=|:=)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;
/** How many lines apart an access key id and its secret may be and still be one pair. */
const AWS_PAIR_LINES = 6;

function detectPrefixedTokens(text: string, lines: LineLocator): Detection[] {
  const found: Detection[] = [];
  for (const { provider, pattern, kind, identity } of TOKEN_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const m = match as RegExpExecArray;
      const k = kind(m);
      if (!k) continue;
      found.push({
        value: m[0],
        provider,
        kind: k,
        line: lines.lineAt(m.index),
        start: m.index,
        identity: identity?.(m),
        source: "pattern",
      });
    }
  }
  return found;
}

function detectPrivateKeys(text: string, lines: LineLocator): Detection[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => {
    const type = m[1].trim().toLowerCase();
    return {
      value: m[0],
      provider: "private-key",
      kind: `${type || "pkcs8"}-private-key`,
      line: lines.lineAt(m.index ?? 0),
      start: m.index,
      source: "pattern" as const,
    };
  });
}

/** Only JWTs that are credentials with power: Supabase service-role keys and Kubernetes service-account tokens. */
function detectJwts(text: string, lines: LineLocator): Detection[] {
  const found: Detection[] = [];
  for (const m of text.matchAll(JWT)) {
    const claims = readJwtClaims(m[0]);
    if (!claims) continue;
    const base = { value: m[0], line: lines.lineAt(m.index ?? 0), start: m.index, source: "pattern" as const };
    if (isServiceRole(claims)) {
      const ref = typeof claims.ref === "string" ? claims.ref : undefined;
      found.push({ ...base, provider: "supabase", kind: "service-role-key", identity: ref ? { projectRef: ref } : undefined });
      continue;
    }
    const sa = serviceAccountOfClaims(claims);
    if (sa) found.push({ ...base, provider: "kubernetes", kind: "service-account-token", identity: sa });
  }
  return found;
}

/** AWS keys come in pairs: the secret is the credential, the access key id (public) names it. */
function detectAwsKeys(text: string, lines: LineLocator): Detection[] {
  const ids = [...text.matchAll(AWS_KEY_ID)].map((m) => ({ id: m[1], line: lines.lineAt(m.index ?? 0), start: m.index ?? 0 }));
  const secrets = [...text.matchAll(AWS_SECRET)].map((m) => ({
    value: m[1],
    line: lines.lineAt(m.index ?? 0),
    start: (m.index ?? 0) + m[0].length - m[1].length,
  }));
  const found: Detection[] = [];
  const pairedIds = new Set<string>();
  for (const secret of secrets) {
    let best: (typeof ids)[number] | undefined;
    for (const id of ids) {
      const distance = Math.abs(id.line - secret.line);
      if (distance <= AWS_PAIR_LINES && (!best || distance < Math.abs(best.line - secret.line))) best = id;
    }
    if (best) pairedIds.add(best.id);
    found.push({
      value: secret.value,
      provider: "aws",
      kind: best?.id.startsWith("ASIA") ? "temporary-access-key" : "access-key",
      line: secret.line,
      start: secret.start,
      identity: best ? { accessKeyId: best.id } : undefined,
      source: "pattern",
    });
  }
  // A lone key id is not a secret, but it names a key an agent may hold the other half of elsewhere.
  for (const id of ids) {
    if (pairedIds.has(id.id)) continue;
    found.push({
      value: id.id,
      provider: "aws",
      kind: "access-key-id",
      line: id.line,
      start: id.start,
      identity: { accessKeyId: id.id },
      source: "pattern",
    });
  }
  return found;
}

export function detectTokenPatterns(text: string, lines: LineLocator): Detection[] {
  return [...detectPrefixedTokens(text, lines), ...detectPrivateKeys(text, lines), ...detectJwts(text, lines), ...detectAwsKeys(text, lines)];
}
