/** Scan one text: an inline value in an agent config, or a file's content. */
import { detectSecretsInText } from "@/lib/credentials/detect-text";
import { toFoundCredentials } from "@/lib/credentials/fold-detections";
import type { FoundCredential } from "@/lib/credentials/types";

export async function scanText(text: string, file: string, fingerprintKey: Buffer): Promise<FoundCredential[]> {
  return toFoundCredentials(await detectSecretsInText(text, file), file, fingerprintKey);
}
