/**
 * The credentials a call would use, named: each value is fingerprinted with the fingerprint key and
 * looked up in the snapshot (which credential, found where, which identity, what it reaches). A value the
 * snapshot does not know is scanned with the credential detectors (lib/credentials) so the reason can
 * still say what it is; a file (`source .env`, `~/.kube/config`) is scanned the same way. Values are
 * dropped here: only fingerprints and redacted previews leave this module.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fingerprintSecret, redactPreview } from "@/lib/credentials/fingerprint";
import type { FoundCredential } from "@/lib/credentials/types";
import type { GuardSnapshot, SnapshotCredential } from "@/lib/guard/snapshot";
import type { CredentialSource, CredentialUse } from "@/lib/guard/types";

export interface ResolvedCredential {
  fingerprint?: string;
  snapshot?: SnapshotCredential;
  preview: string;
  provider?: string;
  kind?: string;
  source: CredentialSource;
  /** Files the credential is known to live in (the snapshot's, else the file it was read from). */
  foundIn: string[];
  implicit: boolean;
}

export interface Resolver {
  resolve(uses: CredentialUse[]): Promise<ResolvedCredential[]>;
  faults: string[];
}

const MAX_SCAN_BYTES = 512 * 1024;
/** The pseudo-file a value written in the command itself is scanned as: not a place it was found in. */
const COMMAND_LINE = "(command line)";

export function createResolver(snapshot: GuardSnapshot | undefined, key: Buffer | undefined): Resolver {
  // Without the snapshot's key, fingerprints cannot match; detectors still name the credential.
  const scanKey = key ?? randomBytes(32);
  const fileCache = new Map<string, FoundCredential[]>();
  const faults: string[] = [];
  let scanText: typeof import("@/lib/credentials/scan-text").scanText | undefined;

  async function scan(text: string, file: string): Promise<FoundCredential[]> {
    scanText ??= (await import("@/lib/credentials/scan-text")).scanText;
    try {
      return await scanText(text.slice(0, MAX_SCAN_BYTES), file, scanKey);
    } catch (error) {
      faults.push(`scanning ${path.basename(file)} failed (${(error as Error).message.slice(0, 80)})`);
      return [];
    }
  }

  async function scanFile(file: string): Promise<FoundCredential[]> {
    const cached = fileCache.get(file);
    if (cached) return cached;
    let found: FoundCredential[] = [];
    try {
      const stat = fs.statSync(file);
      if (stat.isFile()) found = await scan(fs.readFileSync(file, "utf8"), file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") faults.push(`${file} cannot be read (${code ?? "error"})`);
    }
    fileCache.set(file, found);
    return found;
  }

  const lookup = (fingerprint: string | undefined) => (fingerprint && key && snapshot ? snapshot.credentials[fingerprint] : undefined);

  function named(found: FoundCredential, use: CredentialUse): ResolvedCredential {
    const snap = lookup(found.fingerprint);
    return {
      fingerprint: key ? found.fingerprint : undefined,
      snapshot: snap,
      preview: snap?.preview ?? found.preview,
      provider: snap?.provider ?? found.provider,
      kind: snap?.kind ?? found.kind,
      source: use.source,
      foundIn: snap?.foundIn ?? found.locations.map((l) => l.file).filter((f) => f !== COMMAND_LINE),
      implicit: Boolean(use.implicit),
    };
  }

  async function resolveOne(use: CredentialUse): Promise<ResolvedCredential[]> {
    if (use.value === undefined) {
      if (!use.source.file) return [];
      return (await scanFile(use.source.file)).map((found) => named(found, use));
    }
    const value = use.value;
    const direct = key ? fingerprintSecret(key, value) : undefined;
    const hit = lookup(direct);
    if (hit) {
      return [{ fingerprint: direct, snapshot: hit, preview: hit.preview, provider: hit.provider, kind: hit.kind, source: use.source, foundIn: hit.foundIn, implicit: Boolean(use.implicit) }];
    }
    // The detectors fingerprint some credentials with more than the value (a URL's password with its user and host).
    const name = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(use.source.how)?.[1] ?? (use.provider ? `${use.provider.toUpperCase()}_TOKEN` : "TOKEN");
    const found = await scan(use.scanText ?? `${name}=${value}\n`, use.source.file ?? COMMAND_LINE);
    const matched = found.map((f) => named(f, use));
    const inSnapshot = matched.filter((m) => m.snapshot);
    if (inSnapshot.length > 0) return inSnapshot;
    if (matched.length > 0) return matched;
    if (value.length < 8) return [];
    return [{ fingerprint: direct, preview: redactPreview(value), provider: use.provider, source: use.source, foundIn: use.source.file ? [use.source.file] : [], implicit: Boolean(use.implicit) }];
  }

  return {
    faults,
    async resolve(uses) {
      const out: ResolvedCredential[] = [];
      const seen = new Set<string>();
      for (const use of uses) {
        for (const r of await resolveOne(use)) {
          const id = r.fingerprint ?? `${r.preview}\u0000${r.source.how}`;
          if (seen.has(id)) continue;
          seen.add(id);
          out.push(r);
        }
      }
      return out;
    },
  };
}
