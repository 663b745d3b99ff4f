/**
 * The one place where plain values become what may leave the scan: fingerprint + redacted preview.
 */
import { fingerprintSecret, redactPreview } from "@/lib/credentials/fingerprint";
import type { DetectedSecret } from "@/lib/credentials/detect-text";
import { derivePurpose } from "@/lib/credentials/purpose";
import type { CredentialLocation, FoundCredential } from "@/lib/credentials/types";

export function toFoundCredentials(detections: DetectedSecret[], file: string, fingerprintKey: Buffer): FoundCredential[] {
  return mergeFoundCredentials(
    detections.map((d) => ({
      fingerprint: fingerprintSecret(fingerprintKey, d.fingerprintInput ?? d.value),
      provider: d.provider,
      kind: d.kind,
      preview: redactPreview(d.value),
      locations: [{ file, line: d.line, ...(d.envVar ? { envVar: d.envVar } : {}) }],
      ...(d.identity && Object.keys(d.identity).length > 0 ? { identity: d.identity } : {}),
      ...(d.purpose ? { purpose: d.purpose } : {}),
    })),
  );
}

/** The same value wherever it is found is one credential with many locations. */
export function mergeFoundCredentials(credentials: FoundCredential[]): FoundCredential[] {
  const byFingerprint = new Map<string, FoundCredential>();
  for (const c of credentials) {
    const seen = byFingerprint.get(c.fingerprint);
    if (!seen) {
      byFingerprint.set(c.fingerprint, { ...c, locations: [...c.locations] });
      continue;
    }
    for (const loc of c.locations) {
      if (!seen.locations.some((l) => l.file === loc.file && l.line === loc.line)) seen.locations.push(loc);
    }
    if (c.identity) seen.identity = { ...c.identity, ...seen.identity };
    seen.purpose ??= c.purpose;
  }
  return [...byFingerprint.values()];
}

/** What a secret of no known shape is called, from the name it was handed over under. */
function unknownKind(name: string | undefined): string {
  if (!name) return "secret";
  if (/passw|pwd|^pass$|_pass$/i.test(name)) return "password";
  if (/authorization|bearer/i.test(name)) return "bearer-token";
  if (/token|pat$/i.test(name)) return "token";
  if (/key/i.test(name)) return "api-key";
  return "secret";
}

/**
 * A value an agent config hands over as a secret (an env value under a secret-like name, an auth header, the
 * value after `--token`) that no detector recognised: still a credential, of provider "unknown", so that it
 * is counted and fingerprinted like any other and never shown.
 */
export function toUnknownCredential(value: string, location: CredentialLocation, fingerprintKey: Buffer, name?: string): FoundCredential {
  const purpose = derivePurpose({ envVar: location.envVar ?? name, file: location.file });
  return {
    fingerprint: fingerprintSecret(fingerprintKey, value),
    provider: "unknown",
    kind: unknownKind(name ?? location.envVar),
    preview: redactPreview(value),
    locations: [location],
    ...(purpose ? { purpose } : {}),
  };
}
