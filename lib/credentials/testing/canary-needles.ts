/**
 * What a canary test searches for: each planted secret as it was planted, a distinctive slice of it (a
 * secret cut short still leaks), and the forms a leak takes on its way out — base64 and base64url (an
 * `Authorization: Basic` header, a Kubernetes Secret's `data`, a blob in a JSON field) and URL encoding (a
 * query string, a link). Base64 is searched at all three byte alignments, so a secret encoded in the
 * middle of a longer text is found too, not only one encoded on its own.
 */
export interface CanaryNeedle {
  /** The position the secret was planted in, and the form: "githubInEnv (base64)". */
  name: string;
  needle: string;
}

export function canaryNeedles(canaries: Record<string, string>): CanaryNeedle[] {
  return Object.entries(canaries).flatMap(([name, secret]) => {
    const forms: [string, string][] = [
      ["", secret],
      [" (slice)", secret.slice(-14, -2)],
      [" (url-encoded)", encodeURIComponent(secret)],
      [" (url-encoded, lower case)", encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())],
      ...base64Cores(secret).flatMap((core, shift): [string, string][] => [
        [` (base64, shift ${shift})`, core],
        [` (base64url, shift ${shift})`, core.replaceAll("+", "-").replaceAll("/", "_")],
      ]),
    ];
    const seen = new Set<string>();
    return forms
      .filter(([, needle]) => needle.length >= 8 && !seen.has(needle) && (seen.add(needle), true))
      .map(([form, needle]) => ({ name: `${name}${form}`, needle }));
  });
}

/** The names of the needles found in `haystack` (text, or a file's bytes). */
export function findCanaries(haystack: string | Buffer, needles: CanaryNeedle[]): string[] {
  return needles.filter(({ needle }) => haystack.includes(needle)).map(({ name }) => name);
}

/**
 * The base64 characters that encode only the secret's own bytes, when it starts 0, 1 or 2 bytes into a
 * 3-byte group: whatever surrounds the secret, one of the three is in the encoded text.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64").replace(/=+$/, "");
    // The first group mixes in the bytes before the secret; a last group short of 3 bytes depends on what follows.
    const start = shift === 0 ? 0 : 4;
    const end = (shift + bytes.length) % 3 === 0 ? encoded.length : Math.floor((shift + bytes.length) / 3) * 4;
    return encoded.slice(start, end);
  });
}
