/** `~/.aws/credentials` (and the same INI shape in `~/.aws/config`): one access key pair per profile. */
import type { Detection } from "@/lib/credentials/types";

export function detectAwsCredentialsFile(text: string): Detection[] {
  const found: Detection[] = [];
  let profile = "default";
  let pending: { id?: string; secret?: string; secretLine?: number; session?: boolean } = {};
  const flush = () => {
    if (pending.secret && pending.secretLine) {
      found.push({
        value: pending.secret,
        provider: "aws",
        kind: pending.session || pending.id?.startsWith("ASIA") ? "temporary-access-key" : "access-key",
        line: pending.secretLine,
        identity: { ...(pending.id ? { accessKeyId: pending.id } : {}), profile },
        envVar: "aws_secret_access_key",
        source: "store",
        purposeHint: profile === "default" ? undefined : profile,
      });
    }
    pending = {};
  };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const section = /^\[(?:profile\s+)?([^\]]+)\]$/.exec(line);
    if (section) {
      flush();
      profile = section[1].trim();
      return;
    }
    const kv = /^([A-Za-z_]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) return;
    const key = kv[1].toLowerCase();
    if (key === "aws_access_key_id") pending.id = kv[2].trim();
    if (key === "aws_secret_access_key") {
      pending.secret = kv[2].trim();
      pending.secretLine = index + 1;
    }
    if (key === "aws_session_token") pending.session = true;
  });
  flush();
  return found;
}
