/**
 * Access keys → the IAM user they authenticate as, so that a key the workspace collector finds on disk
 * (keyed by its AccessKeyId, see awsAccessKeyCredentialKey) joins the user this collector reports.
 *
 * Accepted shapes of the access-keys file:
 *   1. the output of `aws iam list-access-keys [--user-name U]`: `{ "AccessKeyMetadata": [ {UserName, AccessKeyId, Status, CreateDate} ] }`;
 *   2. a JSON array of such outputs, or a JSON array of AccessKeyMetadata entries;
 *   3. a map from user name to its keys: `{ "alice": ["AKIA…", …] }` or `{ "alice": [ {AccessKeyId, Status} ] }`.
 * An AccessKeyId is an identifier, not a secret (AWS shows it in the console); the secret key never appears here.
 */
import { AppError } from "@/lib/errors";
import { shownKey } from "@/lib/issue-text";

export interface AccessKeyRecord {
  userName: string;
  accessKeyId: string;
  status?: string;
  createDate?: string;
}

function fromMetadata(entry: unknown, at: string, file: string, fallbackUser?: string): AccessKeyRecord {
  if (typeof entry === "string" && fallbackUser) return { userName: fallbackUser, accessKeyId: entry };
  if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
    throw new AppError("bad_request:input", `${file}: ${at}: expected an AccessKeyMetadata object`);
  }
  const e = entry as Record<string, unknown>;
  const userName = typeof e.UserName === "string" ? e.UserName : fallbackUser;
  if (typeof e.AccessKeyId !== "string" || e.AccessKeyId.length === 0) throw new AppError("bad_request:input", `${file}: ${at}.AccessKeyId: missing`);
  if (!userName) throw new AppError("bad_request:input", `${file}: ${at}.UserName: missing`);
  return {
    userName,
    accessKeyId: e.AccessKeyId,
    status: typeof e.Status === "string" ? e.Status : undefined,
    createDate: typeof e.CreateDate === "string" ? e.CreateDate : undefined,
  };
}

function fromListOutput(value: Record<string, unknown>, at: string, file: string): AccessKeyRecord[] {
  if (!Array.isArray(value.AccessKeyMetadata)) throw new AppError("bad_request:input", `${file}: ${at}.AccessKeyMetadata: expected an array`);
  return value.AccessKeyMetadata.map((entry, i) => fromMetadata(entry, `${at}.AccessKeyMetadata[${i}]`, file));
}

export function parseAccessKeys(raw: unknown, file: string): AccessKeyRecord[] {
  if (Array.isArray(raw)) {
    return raw.flatMap((item, i) =>
      item && typeof item === "object" && !Array.isArray(item) && "AccessKeyMetadata" in item
        ? fromListOutput(item as Record<string, unknown>, `[${i}]`, file)
        : [fromMetadata(item, `[${i}]`, file)],
    );
  }
  if (!raw || typeof raw !== "object") throw new AppError("bad_request:input", `${file}: (root): expected list-access-keys output, an array, or a map user → keys`);
  const record = raw as Record<string, unknown>;
  if ("AccessKeyMetadata" in record) return fromListOutput(record, "(root)", file);
  return Object.entries(record).flatMap(([user, keys]) => {
    if (!Array.isArray(keys)) throw new AppError("bad_request:input", `${file}: ${shownKey(user)}: expected an array of access keys`);
    return keys.map((k, i) => fromMetadata(k, `${shownKey(user)}[${i}]`, file, user));
  });
}
