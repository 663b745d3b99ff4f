/**
 * A shell call → what it would do: every command the shell would run (walk-shell.ts), read by the tool
 * it is (HTTP clients, psql, provider CLIs, rm), plus the code the guard cannot see and the credentials
 * within its reach.
 */
import path from "node:path";
import { analyzeCliCommand } from "@/lib/guard/analyze/cli-operations";
import { analyzeHttpRequest } from "@/lib/guard/analyze/http-operations";
import { readCurl, readHttpie, readWget, type HttpRequest } from "@/lib/guard/analyze/http-request";
import { guardFileOf, guardFileWrite, type GuardFilesContext } from "@/lib/guard/analyze/guard-files";
import { credentialsInEnvironment, implicitCredentials } from "@/lib/guard/analyze/implicit-credentials";
import { readSqlStatements } from "@/lib/guard/analyze/sql-statements";
import { walkShell, type ShellCommand, type ShellWalk } from "@/lib/guard/shell/walk-shell";
import type { CallAnalysis, CredentialUse, Operation } from "@/lib/guard/types";
import fs from "node:fs";

const PSQL_VALUED = ["-c", "--command", "-f", "--file", "-d", "--dbname", "-h", "--host", "-p", "--port", "-U", "--username", "-v", "--set", "-o", "--output", "-P", "--pset", "-F", "-R", "-T"];

async function psql(cmd: ShellCommand, out: CallAnalysis): Promise<void> {
  const scripts: { text: string; how: string }[] = [];
  const credentials: CredentialUse[] = [...implicitCredentials("postgres", cmd)];
  const v = cmd.args.map((a) => a.value);
  for (let i = 0; i < v.length; i++) {
    const flag = v[i];
    if (flag === undefined) continue;
    const eq = flag.startsWith("--") ? flag.indexOf("=") : -1;
    const name = eq > 0 ? flag.slice(0, eq) : flag;
    const value = eq > 0 ? flag.slice(eq + 1) : v[i + 1];
    const word = eq > 0 ? cmd.args[i] : cmd.args[i + 1];
    if (PSQL_VALUED.includes(name) && eq === -1) i++;
    if (name === "-c" || name === "--command") {
      if (value === undefined) out.unknown.push({ why: "psql -c runs SQL computed at run time", credentials });
      else scripts.push({ text: value, how: "psql -c" });
    } else if (name === "-f" || name === "--file") {
      if (value === "-") continue;
      try {
        scripts.push({ text: fs.readFileSync(path.resolve(cmd.cwd, value ?? ""), "utf8"), how: `psql -f ${value}` });
      } catch {
        out.unknown.push({ why: `psql -f ${word?.text ?? ""} could not be read`, credentials });
      }
    } else if (!flag.startsWith("-") || name === "-d" || name === "--dbname") {
      const conn = name === "-d" || name === "--dbname" ? value : flag;
      const connWord = name === "-d" || name === "--dbname" ? word : cmd.args[i];
      if (conn && /^postgres(?:ql)?:\/\//.test(conn)) {
        const ref = connWord?.refs.find((r) => r.value === conn);
        credentials.push({ value: conn, source: ref?.source ?? { how: "the connection URL in the command" }, provider: "postgres", scanText: `DATABASE_URL=${conn}` });
      }
    }
  }
  const fileFlag = v.some((x, i) => (x === "-f" || x === "--file") && v[i + 1] === "-");
  if (scripts.length === 0 || fileFlag) {
    if (cmd.stdin.kind === "text") scripts.push({ text: cmd.stdin.text, how: `psql reading a ${cmd.stdin.how}` });
    else if (cmd.stdin.kind === "unknown") out.unknown.push({ why: `psql runs SQL piped from ${cmd.stdin.from}`, credentials });
  }
  for (const script of scripts) {
    const read = await readSqlStatements(script.text);
    if (!read.ok) {
      out.unknown.push({ why: `${script.how}: ${read.error}`, credentials });
      continue;
    }
    for (const op of read.operations) out.operations.push({ provider: "postgres", ...op, via: script.how, credentials });
    for (const meta of read.metaCommands) if (/^\\(?:!|i|ir|include|o|copy)\b/.test(meta)) out.unknown.push({ why: `psql meta-command ${meta}`, credentials });
  }
}

function ghApiRequest(cmd: ShellCommand): HttpRequest {
  const v = cmd.args.map((a) => a.value);
  const method = (() => {
    const i = v.findIndex((x) => x === "-X" || x === "--method");
    return i === -1 ? undefined : v[i + 1]?.toUpperCase();
  })();
  const endpoint = cmd.args.slice(1).find((a) => a.value && !a.value.startsWith("-") && !/^[A-Z]+$/.test(a.value))?.value ?? "";
  const fields: Record<string, string> = {};
  for (let i = 0; i < v.length; i++) {
    if ((v[i] === "-f" || v[i] === "-F" || v[i] === "--field" || v[i] === "--raw-field") && v[i + 1]) {
      const [k, ...rest] = (v[i + 1] as string).split("=");
      fields[k] = rest.join("=");
    }
  }
  const body = Object.keys(fields).length > 0 ? JSON.stringify(fields) : undefined;
  return {
    tool: "gh api",
    method: method ?? (body ? "POST" : "GET"),
    url: `https://api.github.com/${endpoint.replace(/^\//, "")}`,
    headers: [],
    bodies: body ? [body] : [],
    credentials: implicitCredentials("github", cmd),
    bodyFiles: [],
  };
}

async function http(req: HttpRequest, via: string, out: CallAnalysis, cmd: ShellCommand): Promise<void> {
  const analysis = await analyzeHttpRequest(req, via);
  for (const op of analysis.operations) {
    // A provider CLI's login is in reach of a request to its API even without an explicit header.
    if (op.credentials.length === 0 && op.catalogued) op.credentials = implicitCredentials(op.provider, cmd);
    out.operations.push(op);
  }
  for (const why of analysis.unknown) out.unknown.push({ why, credentials: req.credentials });
}

/** Commands that write, move or remove the files they are given (the last one, for copies). */
const WRITES_ALL = new Set(["tee", "rm", "unlink", "truncate", "shred", "chmod", "chown"]);
const WRITES_LAST = new Set(["cp", "install", "ln", "rsync", "scp"]);

/** Writes to the guard's own files by redirects and by file commands (self-tamper). */
function shellGuardFileWrites(walk: ShellWalk, ctx: GuardFilesContext): Operation[] {
  const ops: Operation[] = [];
  const check = (file: string | undefined, cwd: string, how: string) => {
    const hit = file ? guardFileOf(file, { ...ctx, cwd }) : undefined;
    if (hit && !ops.some((o) => o.target === hit)) ops.push(guardFileWrite(hit, how));
  };
  for (const w of walk.writes) check(w.file, w.cwd, w.how);
  for (const cmd of walk.commands) {
    const files = cmd.args.filter((a) => a.value !== undefined && !a.value.startsWith("-")).map((a) => a.value as string);
    if (WRITES_ALL.has(cmd.name)) for (const f of cmd.name === "chmod" || cmd.name === "chown" ? files.slice(1) : files) check(f, cmd.cwd, cmd.name);
    else if (WRITES_LAST.has(cmd.name)) check(files[files.length - 1], cmd.cwd, cmd.name);
    else if (cmd.name === "mv") for (const f of files) check(f, cmd.cwd, "mv");
    else if ((cmd.name === "sed" || cmd.name === "perl") && cmd.args.some((a) => a.value !== undefined && /^-[a-zA-Z]*i/.test(a.value))) for (const f of files.slice(1)) check(f, cmd.cwd, `${cmd.name} -i`);
  }
  return ops;
}

export async function analyzeShellCall(command: string, env: Record<string, string | undefined>, cwd: string, workspaceRoots: string[]): Promise<CallAnalysis> {
  const walk = await walkShell(command, env, cwd);
  const out: CallAnalysis = { operations: [], unknown: [], inReach: [], faults: [...walk.faults] };
  if (walk.parseFailed) out.parseFailed = walk.parseFailed;
  for (const cmd of walk.commands) {
    const stdinText = cmd.stdin.kind === "text" ? cmd.stdin.text : undefined;
    switch (cmd.name) {
      case "curl":
        await http(readCurl(cmd.args, cmd.cwd, stdinText), "curl", out, cmd);
        continue;
      case "wget":
        await http(readWget(cmd.args, cmd.cwd), "wget", out, cmd);
        continue;
      case "http":
      case "https":
      case "xh":
      case "xhs":
        await http(readHttpie(cmd.name, cmd.args), cmd.name, out, cmd);
        continue;
      case "psql":
        await psql(cmd, out);
        continue;
      default:
        break;
    }
    const cli = analyzeCliCommand(cmd, { workspaceRoots });
    if ("ops" in cli) out.operations.push(...cli.ops);
    else if ("ghApi" in cli) await http(ghApiRequest(cmd), "gh api", out, cmd);
    else {
      const doc = cli.graphqlArgs.map((a) => a.value).find((x) => x && /\b(?:mutation|query)\b|^\s*\{/.test(x));
      const credentials = implicitCredentials("railway", cmd);
      if (doc === undefined) out.unknown.push({ why: "railway api sends a request the guard cannot read", credentials });
      else {
        await http({ tool: "railway api", method: "POST", url: "https://backboard.railway.com/graphql/v2", headers: [], bodies: [JSON.stringify({ query: doc })], credentials, bodyFiles: [] }, "railway api", out, cmd);
      }
    }
  }
  out.operations.push(...shellGuardFileWrites(walk, { cwd, workspaceRoots, env }));
  const envSide = { env: new Map(), vars: walk.commands[0]?.vars ?? new Map(Object.entries(env).filter(([, v]) => v !== undefined).map(([k, v]) => [k, { value: v, source: { how: `$${k} in the agent's environment` } }])) };
  out.inReach.push(...credentialsInEnvironment(envSide));
  for (const cmd of walk.commands) out.inReach.push(...credentialsInEnvironment({ env: cmd.env, vars: new Map() }));
  for (const read of walk.filesRead) out.inReach.push({ value: undefined, source: { how: `read by ${read.how}`, file: read.file } });
  for (const u of walk.unknown) out.unknown.push({ why: u.why, credentials: [] });
  return out;
}

export type { Operation };
