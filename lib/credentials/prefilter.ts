/**
 * The fast gate in front of the detectors. Most files hold no secret, and the maintained rules cost about
 * 0.5 ms per 20 KB, so every file first goes through these cheap anchors and only a hit pays for the full
 * rule set. Each anchor is a literal every detector (ours and secretlint's) needs to be present; keeping
 * them as a few separate regexes, each starting with a rare literal or character, lets V8 skip through
 * text at hundreds of MB/s where one big alternation crawls (measured: ~100 MB/s for one alternation of
 * every keyword, 0.3–1 GB/s for each of these).

Known blind spots, chosen for speed: lower-case `vercel`/`neon`/`cf_` variable names (the upper-case forms
and the prefixed token shapes are covered), and files that are not credential stores by name.
 *
 * Invariant (tested): whatever a detector or a secretlint rule can report contains at least one anchor.
 */
// One pass for everything that can start at a rare character or be found by looking back from one:
//  - prefixed tokens ending in "_" (ghp_, sk_live_, npm_, napi_, sb_secret_, CF_API_, …), found at the "_"
//    and checked backwards (not inside a word: "risk-" is not "sk-"); private_key, access_key, npm's
//    `:_authToken` / `_auth=` / `_password=`, found at the "_" and checked both ways;
//  - tokens ending in "-" (sk-ant-, sk-proj-, glpat-, xoxb-, client-key-data) and PEM blocks;
//  - credentials inside URLs (basic auth, connection strings), found at the "@";
//  - JWTs (Supabase service-role keys, Kubernetes service-account tokens), found at the "J" of "eyJ";
//  - AWS key ids, GCP API keys, SendGrid keys, and the upper-case variable names context rules need.
const TOKEN_ANCHOR = /_(?<=(?<![A-Za-z0-9])(?:gh[pousr]|github_pat|[sr]k_live|[sr]k_test|npm|napi|sbp|sb_secret|glc|glsa|dckr_pat|figd|gsk|hf|lin_api|ntn|shp(?:pa|ca|at|ss)|vc[piark]|CF_API|CF_AUTH)_)|_(?<=(?:^|[\n:])_)(?=auth|password)|_(?<=(?:[Aa]ccess|ACCESS|private)_)(?=[Kk]ey|KEY)|_(?<=ops_)(?=ey)|_(?<=(?<![A-Za-z0-9_])(?:re|live|test|access)_)(?=[A-Za-z0-9]{6,12}_|[A-Za-z0-9]{30})|-(?<=(?<![A-Za-z0-9])(?:sk|glpat|xox[bpaor]|xapp|pplx|ctx7sk)-|client-key-)|-----BEGIN|@(?<=:\/\/[^\s/@:'"`]{1,256}:[^\s/@'"`]{0,256}@)|J(?<=eyJ)[A-Za-z0-9_-]{8}|AKIA|ASIA|AIza|RAILWAY|CLOUDFLARE|VERCEL|NEON_|SG\.|CF_|K(?<=ccessK)ey/;
// Provider names in other cases (railwayToken, "Cloudflare API key" above a value): context, not a secret.
const PROVIDER_NAME_ANCHOR = /[Rr]ailway|[Cc]loudflare|OBSIDIAN|[Oo]bsidian|LOCAL_REST/;
// Maintained rules with rarer anchors: Vault tokens, Databricks tokens, Slack webhooks.
const RARE_TOKEN_ANCHOR = /hv[sbr]\.|dapi[0-9a-f]{8}|hooks\.slack/;

const PREFILTER_ANCHORS: readonly RegExp[] = [TOKEN_ANCHOR, PROVIDER_NAME_ANCHOR, RARE_TOKEN_ANCHOR];

const GLOBAL_ANCHORS = PREFILTER_ANCHORS.map((anchor) => new RegExp(anchor.source, "g"));

/**
 * Where the anchors are, so a big text (a bundle, a lock file) that mentions one token-like thing is
 * examined around those places only. Undefined when there are too many to be worth it.
 */
export function findAnchorOffsets(text: string, limit = 2000): number[] | undefined {
  const offsets: number[] = [];
  for (const anchor of GLOBAL_ANCHORS) {
    anchor.lastIndex = 0;
    for (let m = anchor.exec(text); m; m = anchor.exec(text)) {
      offsets.push(m.index);
      if (offsets.length > limit) return undefined;
      if (m[0].length === 0) anchor.lastIndex++;
    }
  }
  return offsets.sort((a, b) => a - b);
}

/** True when the text may contain a secret; false means no detector can match. */
export function mayContainSecret(text: string): boolean {
  for (const anchor of PREFILTER_ANCHORS) if (anchor.test(text)) return true;
  return false;
}

/**
 * True when one word (an argument, a config value) may be a token itself. Unlike mayContainSecret it
 * ignores provider names, which tell a detector where to look in a file but are not secrets: a package
 * called `@railway/mcp-server` is shown as it is.
 */
export function wordMayBeToken(word: string): boolean {
  return TOKEN_ANCHOR.test(word) || RARE_TOKEN_ANCHOR.test(word);
}

/** Latin-1 decoding is a plain byte copy, and every anchor is ASCII, so bytes are gated without UTF-8 decoding. */
export function bytesMayContainSecret(bytes: Buffer): boolean {
  return mayContainSecret(bytes.toString("latin1"));
}
