/**
 * The one place where plain values become what may leave the scan: fingerprint + redacted preview.
 */
import { fingerprintSecret, redactPreview } from "@/lib/credentials/fingerprint";
import type { DetectedSecret } from "@/lib/credentials/detect-text";
import type { FoundCredential } from "@/lib/credentials/types";

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
