/**
 * Text that quotes what someone wrote (an error naming the bad part of a schedule, a guard fault naming a
 * path it could not read): every word in it that could be a secret, by a known token's shape or by looking
 * generated, is shown as its redacted preview. For messages, not for deciding anything.
 */
import { looksRandom } from "@/lib/collectors/workspace/secret-positions";
import { redactPreview } from "@/lib/credentials/fingerprint";
import { wordMayBeToken } from "@/lib/credentials/prefilter";

/** Words, split where paths, assignments, quotes and brackets split them. */
const TEXT_WORD = /[^\s/\\=:'"`,;()<>|&]+/g;

export function redactSecretWords(text: string): string {
  return text.replace(TEXT_WORD, (word) => (word.length >= 12 && (wordMayBeToken(word) || looksRandom(word)) ? redactPreview(word) : word));
}
