/**
 * Obviously fake secrets of every kind the engine detects, and look-alikes that must not match, for tests
 * and the scan benchmark. Values are generated from a seed so that no secret-shaped literal sits in the
 * source and every plant is unique.
 */
export interface PlantedSecret {
  /** The secret part that must never appear in any output. */
  secret: string;
  provider: string;
  kind: string;
  /** A file body (or fragment) holding it. */
  text: string;
  /** Where it should be planted ("" = any source file; otherwise a path relative to the tree root). */
  path?: string;
}

export interface LookAlike {
  label: string;
  text: string;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_NUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const LOWER_NUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";
const B64 = `${ALNUM}+/`;
const URLSAFE = `${ALNUM}-_`;

/** Small deterministic generator (mulberry32): the same seed plants the same tree. */
export function createFakeSecrets(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (alphabet: string, n: number) => {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  const uuid = () => `${pick(HEX, 8)}-${pick(HEX, 4)}-4${pick(HEX, 3)}-8${pick(HEX, 3)}-${pick(HEX, 12)}`;
  const jwt = (claims: Record<string, unknown>) =>
    `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${pick(URLSAFE, 43)}`;
  const awsSecret = () => pick(B64, 40).replace(/^[+/]/, "Q");

  const planted: Record<string, () => PlantedSecret> = {
    githubClassic: () => {
      const s = `ghp_${pick(ALNUM, 36)}`;
      return { secret: s, provider: "github", kind: "classic-token", text: `const octokit = new Octokit({ auth: "${s}" });\n` };
    },
    githubFineGrained: () => {
      const s = `github_pat_${pick(ALNUM, 22)}_${pick(ALNUM, 59)}`;
      return { secret: s, provider: "github", kind: "fine-grained-token", text: `GH_RELEASE_TOKEN=${s}\n` };
    },
    stripeSecret: () => {
      const s = `sk_live_${pick(ALNUM, 32)}`;
      return { secret: s, provider: "stripe", kind: "secret-key", text: `stripe_key: "${s}"\n` };
    },
    stripeRestricted: () => {
      const s = `rk_test_${pick(ALNUM, 32)}`;
      return { secret: s, provider: "stripe", kind: "restricted-key", text: `const key = '${s}';\n` };
    },
    anthropic: () => {
      const s = `sk-ant-api03-${pick(URLSAFE, 93)}AA`;
      return { secret: s, provider: "anthropic", kind: "api-key", text: `ANTHROPIC_API_KEY=${s}\n` };
    },
    openai: () => {
      const s = `sk-proj-${pick(URLSAFE, 64)}`;
      return { secret: s, provider: "openai", kind: "project-key", text: `openai.api_key = "${s}"\n` };
    },
    neon: () => {
      const s = `napi_${pick(LOWER_NUM, 64)}`;
      return { secret: s, provider: "neon", kind: "api-key", text: `export NEON_API_KEY=${s}\n` };
    },
    supabaseServiceRole: () => {
      const s = jwt({ iss: "supabase", ref: pick("abcdefghijklmnopqrst", 20), role: "service_role", iat: 1700000000, exp: 2000000000 });
      return { secret: s, provider: "supabase", kind: "service-role-key", text: `SUPABASE_SERVICE_ROLE_KEY=${s}\n` };
    },
    vercel: () => {
      const s = pick(ALNUM, 24);
      return { secret: s, provider: "vercel", kind: "access-token", text: `VERCEL_TOKEN=${s}\n` };
    },
    cloudflareGlobal: () => {
      const s = pick(HEX, 37);
      return { secret: s, provider: "cloudflare", kind: "global-api-key", text: `CLOUDFLARE_API_KEY="${s}"\n` };
    },
    cloudflareToken: () => {
      const s = pick(URLSAFE, 40);
      return { secret: s, provider: "cloudflare", kind: "api-token", text: `CLOUDFLARE_API_TOKEN=${s}\n` };
    },
    railwayAccount: () => {
      const s = uuid();
      return { secret: s, provider: "railway", kind: "account-token", text: `# token for custom domains\nRAILWAY_TOKEN_CUSTOM_DOMAINS=${s}\n` };
    },
    railwayProject: () => {
      const s = uuid();
      return { secret: s, provider: "railway", kind: "project-token", text: `RAILWAY_TOKEN=${s}\n` };
    },
    awsPair: () => {
      const id = `AKIA${pick(UPPER_NUM, 16)}`;
      const s = awsSecret();
      return { secret: s, provider: "aws", kind: "access-key", text: `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${s}\n` };
    },
    postgresUrl: () => {
      const s = pick(ALNUM, 20);
      return { secret: s, provider: "postgres", kind: "connection-string", text: `DATABASE_URL=postgres://app_${pick(LOWER_NUM, 4)}:${s}@db-${pick(LOWER_NUM, 6)}.internal:5432/shop\n` };
    },
    mysqlUrl: () => {
      const s = pick(ALNUM, 18);
      return { secret: s, provider: "mysql", kind: "connection-string", text: `url = "mysql://root:${s}@mysql.example.internal:3306/orders"\n` };
    },
    privateKey: () => {
      const body = Array.from({ length: 6 }, () => pick(B64, 64)).join("\n");
      const s = `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE${body}\n-----END OPENSSH PRIVATE KEY-----`;
      return { secret: s, provider: "private-key", kind: "openssh-private-key", text: `${s}\n` };
    },
    npm: () => {
      const s = `npm_${pick(ALNUM, 36)}`;
      return { secret: s, provider: "npm", kind: "access-token", text: `NPM_PUBLISH=${s}\n` };
    },
    perplexity: () => {
      const s = `pplx-${pick(ALNUM, 47)}7`;
      return { secret: s, provider: "perplexity", kind: "api-key", text: `PERPLEXITY_API_KEY=${s}\n` };
    },
    resend: () => {
      const s = `re_${pick(ALNUM, 7)}4_${pick(ALNUM, 24)}`;
      return { secret: s, provider: "resend", kind: "api-key", text: `const resend = new Resend("${s}");\n` };
    },
    mollieLive: () => {
      const s = `live_${pick(ALNUM, 29)}3`;
      return { secret: s, provider: "mollie", kind: "api-key", text: `MOLLIE_API_KEY=${s}\n` };
    },
    mollieAccess: () => {
      const s = `access_${pick(ALNUM, 39)}5`;
      return { secret: s, provider: "mollie", kind: "organization-access-token", text: `mollie_token: "${s}"\n` };
    },
    context7: () => {
      const s = `ctx7sk-${uuid()}`;
      return { secret: s, provider: "context7", kind: "api-key", text: `{ "CONTEXT7_API_KEY": "${s}" }\n` };
    },
    supabasePatV0: () => {
      const s = `sbp_v0_${pick(LOWER_NUM, 40)}`;
      return { secret: s, provider: "supabase", kind: "personal-access-token", text: `SUPABASE_ACCESS_TOKEN=${s}\n` };
    },
    supabaseServiceRoleCamel: () => {
      const s = jwt({ iss: "supabase-demo", Role: "serviceRole", exp: 1983812996 });
      return { secret: s, provider: "supabase", kind: "service-role-key", text: `SERVICE_KEY=${s}\n` };
    },
    obsidianRest: () => {
      const s = pick(HEX, 64);
      return { secret: s, provider: "obsidian", kind: "local-rest-api-key", text: `OBSIDIAN_API_KEY=${s}\n` };
    },
    k8sServiceAccount: () => {
      const s = jwt({ iss: "kubernetes/serviceaccount", sub: `system:serviceaccount:prod:deployer-${pick(LOWER_NUM, 4)}` });
      return { secret: s, provider: "kubernetes", kind: "service-account-token", text: `token: ${s}\n` };
    },
  };

  const lookAlikes: Record<string, () => LookAlike> = {
    githubShort: () => ({ label: "ghp_ too short", text: `const id = "ghp_${pick(ALNUM, 30)}";\n` }),
    stripePublishable: () => ({ label: "stripe publishable key", text: `const pk = "pk_live_${pick(ALNUM, 32)}";\n` }),
    uuidRequestId: () => ({ label: "uuid outside railway context", text: `REQUEST_ID=${uuid()}\n` }),
    railwayNotUuid: () => ({ label: "railway name, not a uuid", text: `RAILWAY_TOKEN_NAME=deploy-bot-${pick(LOWER_NUM, 8)}\n` }),
    postgresNoPassword: () => ({ label: "postgres url without password", text: `DATABASE_URL=postgres://app@db.internal:5432/shop_${pick(LOWER_NUM, 4)}\n` }),
    postgresPlaceholder: () => ({ label: "postgres url with placeholder", text: "DATABASE_URL=postgres://app:${DB_PASSWORD}@db.internal:5432/shop\n" }),
    awsShortId: () => ({ label: "AKIA too short", text: `const ref = "AKIA${pick(UPPER_NUM, 12)}";\n` }),
    jwtAnon: () => ({
      label: "supabase anon JWT",
      text: `SUPABASE_ANON_KEY=${jwt({ iss: "supabase", ref: pick("abcdefghij", 20), role: "anon" })}\n`,
    }),
    cloudflareShortHex: () => ({ label: "cloudflare name, 36 hex", text: `CLOUDFLARE_ZONE_KEY=${pick(HEX, 36)}\n` }),
    neonShort: () => ({ label: "napi_ too short", text: `const x = "napi_${pick(LOWER_NUM, 40)}";\n` }),
    publicKey: () => ({ label: "PEM public key", text: `-----BEGIN PUBLIC KEY-----\n${pick(B64, 64)}\n-----END PUBLIC KEY-----\n` }),
    anthropicShort: () => ({ label: "sk-ant- too short", text: `// sk-ant-api03-${pick(ALNUM, 10)}\n` }),
    sha256Hash: () => ({ label: "64-hex hash outside an Obsidian name", text: `integrity: "${pick(HEX, 64)}"\n` }),
    testFunction: () => ({ label: "test_ function name", text: `def test_returns_the_user_for_a_valid_session_id():\n` }),
    regexName: () => ({ label: "re_ variable", text: `re_pattern_matcher = re.compile(r"x")\n` }),
    skDash: () => ({ label: "sk- in prose", text: `const risk = "sk-${pick(LOWER_NUM, 6)}"; // task-list\n` }),
  };

  return { planted, lookAlikes, pick, uuid, jwt };
}
