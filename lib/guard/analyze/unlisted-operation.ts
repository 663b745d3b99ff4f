/**
 * The class of an operation the catalogue does not list (a gcloud or fly subcommand, an unknown MCP tool,
 * an HTTP DELETE to an API the catalogue does not model), from its words. WHY a fallback at all: failing
 * open on every operation the catalogue has not met would let `fly volumes destroy` through. It mirrors
 * the catalogue's own AWS rule (lib/catalog/aws-actions.ts): a destroying verb on a copy is D2, on data
 * D1, on anything else D3; no destroying verb is a write. Reasons say the operation is not catalogued.
 */
import type { ActionClass } from "@/lib/graph/types";
import { identifierWords } from "@/lib/guard/identifier-words";

const DESTROY = new Set(["delete", "destroy", "drop", "truncate", "purge", "remove", "rm", "rb", "terminate", "wipe", "erase", "prune", "reset", "nuke", "unpublish", "deprovision", "teardown"]);
const RECOVERY = new Set(["backup", "snapshot", "replica", "pitr", "recovery", "archive", "retention", "versioning"]);
const DATA = new Set(["volume", "database", "db", "sql", "bucket", "disk", "table", "storage", "object", "project", "repo", "cluster", "namespace", "pvc", "persistentvolumeclaim", "persistentvolume", "instance", "secret", "key", "zone", "branch", "collection", "index", "topic", "queue", "filesystem", "dataset"]);
const IDENTITY = new Set(["token", "member", "role", "binding", "policy", "permission", "collaborator", "apikey", "iam", "credential", "sa", "serviceaccount"]);
const IDENTITY_VERB = new Set(["create", "add", "grant", "invite", "attach", "bind", "set"]);

export function classifyUnlistedOperation(words: string[]): ActionClass {
  const w = words.flatMap((word) => identifierWords(word));
  if (w.some((x) => DESTROY.has(x))) {
    if (w.some((x) => RECOVERY.has(x))) return "D2";
    if (w.some((x) => DATA.has(x))) return "D1";
    return "D3";
  }
  if (w.some((x) => IDENTITY.has(x)) && w.some((x) => IDENTITY_VERB.has(x))) return "D4";
  if (w.some((x) => ["get", "list", "ls", "describe", "show", "view", "status", "read", "query", "logs", "whoami", "info", "search"].includes(x))) return "R";
  return "W";
}
