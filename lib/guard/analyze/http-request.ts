/**
 * The HTTP request a curl, wget or httpie command line would send: method, URL, headers, body (inline,
 * `@file`, `--json`), and the credentials in it (Authorization / token headers, `-u user:pass`, a URL's
 * password, `?token=`). Flags are read the way each tool reads them, in any order.
 */
import fs from "node:fs";
import path from "node:path";
import type { Word } from "@/lib/guard/shell/walk-shell";
import type { CredentialUse } from "@/lib/guard/types";

export interface HttpRequest {
  tool: string;
  method: string;
  url: string | undefined;
  headers: { name: string; value: string | undefined; word: Word }[];
  /** Body texts; undefined entries are bodies that cannot be known (a computed word, an unreadable file). */
  bodies: (string | undefined)[];
  credentials: CredentialUse[];
  /** Files the body was read from. */
  bodyFiles: string[];
}

const CURL_VALUED = new Set([
  "-X", "--request", "-H", "--header", "-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode", "--json",
  "-u", "--user", "-o", "--output", "-A", "--user-agent", "-e", "--referer", "-b", "--cookie", "-c", "--cookie-jar", "-F", "--form",
  "--form-string", "-m", "--max-time", "--connect-timeout", "-x", "--proxy", "-T", "--upload-file", "--url", "-w", "--write-out",
  "--oauth2-bearer", "-E", "--cert", "--key", "--cacert", "-r", "--range", "--retry", "-K", "--config", "--resolve", "-U", "--proxy-user",
]);
const DATA_FLAGS = new Set(["-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode", "--json", "-F", "--form", "--form-string"]);

function headerCredential(name: string, word: Word, value: string | undefined): CredentialUse | undefined {
  if (value === undefined) {
    const ref = word.refs.find((r) => r.value !== undefined);
    if (ref) return { value: ref.value as string, source: ref.source };
    // `Bearer $(grep … scripts/x.sh)`: the value is not computed, but it comes out of that file.
    const file = word.refs.find((r) => r.source.file);
    return file ? { value: undefined, source: file.source } : undefined;
  }
  const lower = name.toLowerCase();
  if (!/^(?:authorization|x-api-key|api-key|apikey|x-auth-token|private-token|x-access-token|project-access-token|team-access-token|x-railway-token|cookie)$/.test(lower) && !/token|secret|key/.test(lower)) return undefined;
  const token = value.replace(/^(?:Bearer|Token|Basic|Bot|token)\s+/i, "").trim();
  if (!token) return undefined;
  const ref = word.refs.find((r) => r.value !== undefined && token.includes(r.value));
  return { value: token, source: ref ? ref.source : { how: `the ${name} header, written in the command` } };
}

function urlCredentials(url: string, word: Word | undefined): CredentialUse[] {
  const uses: CredentialUse[] = [];
  try {
    const u = new URL(url);
    if (u.password) uses.push({ value: decodeURIComponent(u.password), source: { how: "the password in the URL" }, scanText: url });
    for (const [k, v] of u.searchParams) {
      if (/token|key|secret|password|auth/i.test(k) && v) uses.push({ value: v, source: word?.refs.find((r) => r.value === v)?.source ?? { how: `the ${k} parameter of the URL` } });
    }
  } catch {
    // not a URL
  }
  return uses;
}

function readBodyFile(spec: string, cwd: string, files: string[]): string | undefined {
  if (!spec.startsWith("@") || spec === "@-") return spec === "@-" ? undefined : spec;
  const file = path.resolve(cwd, spec.slice(1));
  try {
    const text = fs.readFileSync(file, "utf8");
    files.push(file);
    return text.slice(0, 1024 * 1024);
  } catch {
    return undefined;
  }
}

export function readCurl(args: Word[], cwd: string, stdinText: string | undefined): HttpRequest {
  const req: HttpRequest = { tool: "curl", method: "", url: undefined, headers: [], bodies: [], credentials: [], bodyFiles: [] };
  let urlWord: Word | undefined;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    let flag = word.value ?? "";
    let inline: Word | undefined;
    // --data=x, -XPOST, -d@file
    if (/^--[a-z-]+=/.test(flag)) {
      const eq = flag.indexOf("=");
      inline = { value: flag.slice(eq + 1), text: word.text, refs: word.refs };
      flag = flag.slice(0, eq);
    } else if (/^-[XHdduFA][^-]/.test(flag) && flag.length > 2 && !CURL_VALUED.has(flag)) {
      inline = { value: flag.slice(2), text: word.text, refs: word.refs };
      flag = flag.slice(0, 2);
    }
    if (CURL_VALUED.has(flag)) {
      const value = inline ?? args[++i];
      if (!value) break;
      const v = value.value;
      if (flag === "-X" || flag === "--request") req.method = (v ?? "?").toUpperCase();
      else if (flag === "-H" || flag === "--header") {
        const colon = v?.indexOf(":") ?? -1;
        const name = v && colon > 0 ? v.slice(0, colon).trim() : "(computed header)";
        const hv = v && colon > 0 ? v.slice(colon + 1).trim() : undefined;
        req.headers.push({ name, value: hv, word: value });
        const cred = headerCredential(name, value, hv);
        if (cred) req.credentials.push(cred);
      } else if (DATA_FLAGS.has(flag)) {
        if (flag === "--json") req.headers.push({ name: "Content-Type", value: "application/json", word: value });
        const body = v === "@-" ? stdinText : v === undefined ? undefined : flag === "--data-raw" ? v : readBodyFile(v, cwd, req.bodyFiles);
        req.bodies.push(body);
        for (const r of value.refs) if (r.value) req.credentials.push({ value: r.value, source: r.source });
      } else if (flag === "-u" || flag === "--user") {
        const pass = v?.includes(":") ? v.slice(v.indexOf(":") + 1) : v;
        if (pass) req.credentials.push({ value: pass, source: value.refs[0]?.source ?? { how: "curl -u, written in the command" } });
      } else if (flag === "--oauth2-bearer") {
        if (v) req.credentials.push({ value: v, source: value.refs[0]?.source ?? { how: "curl --oauth2-bearer" } });
      } else if (flag === "-T" || flag === "--upload-file") {
        if (!req.method) req.method = "PUT";
      } else if (flag === "--url") {
        req.url = v;
        urlWord = value;
      }
      continue;
    }
    if (flag === "-G" || flag === "--get") req.method = "GET";
    else if (flag === "-I" || flag === "--head") req.method = "HEAD";
    if (!flag.startsWith("-") && req.url === undefined) {
      req.url = word.value ?? word.refs.find((r) => r.value)?.value;
      urlWord = word;
    }
  }
  if (!req.method) req.method = req.bodies.length > 0 ? "POST" : "GET";
  if (req.url) req.credentials.push(...urlCredentials(req.url, urlWord));
  return req;
}

/** wget: --method, --header, --post-data, --post-file, --body-data, --body-file, --user/--password. */
export function readWget(args: Word[], cwd: string): HttpRequest {
  const req: HttpRequest = { tool: "wget", method: "", url: undefined, headers: [], bodies: [], credentials: [], bodyFiles: [] };
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const raw = word.value ?? "";
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const valued = ["--method", "--header", "--post-data", "--post-file", "--body-data", "--body-file", "--password", "--http-password", "--user", "--http-user", "-O", "--output-document", "-o", "-U", "--user-agent"];
    if (valued.includes(flag)) {
      const valueWord = eq > 0 ? { value: raw.slice(eq + 1), text: word.text, refs: word.refs } : args[++i];
      const v = valueWord?.value;
      if (flag === "--method") req.method = (v ?? "?").toUpperCase();
      else if (flag === "--header" && valueWord) {
        const colon = v?.indexOf(":") ?? -1;
        const name = v && colon > 0 ? v.slice(0, colon).trim() : "(computed header)";
        const hv = v && colon > 0 ? v.slice(colon + 1).trim() : undefined;
        req.headers.push({ name, value: hv, word: valueWord });
        const cred = headerCredential(name, valueWord, hv);
        if (cred) req.credentials.push(cred);
      } else if (flag === "--post-data" || flag === "--body-data") req.bodies.push(v);
      else if (flag === "--post-file" || flag === "--body-file") req.bodies.push(v === undefined ? undefined : readBodyFile(`@${v}`, cwd, req.bodyFiles));
      else if ((flag === "--password" || flag === "--http-password") && v) req.credentials.push({ value: v, source: valueWord?.refs[0]?.source ?? { how: "wget --password" } });
      continue;
    }
    if (!raw.startsWith("-") && req.url === undefined) req.url = word.value;
  }
  if (!req.method) req.method = req.bodies.length > 0 ? "POST" : "GET";
  if (req.url) req.credentials.push(...urlCredentials(req.url, undefined));
  return req;
}

/** httpie / xh: `http [METHOD] URL [Header:value] [field=value] [field:=json] [Authorization:"Bearer …"]`. */
export function readHttpie(tool: string, args: Word[]): HttpRequest {
  const req: HttpRequest = { tool, method: "", url: undefined, headers: [], bodies: [], credentials: [], bodyFiles: [] };
  const fields: Record<string, unknown> = {};
  const positional = args.filter((a) => !(a.value ?? "").startsWith("-"));
  let i = 0;
  if (positional[0]?.value && /^[A-Z]+$/.test(positional[0].value)) req.method = positional[i++].value as string;
  req.url = positional[i++]?.value;
  for (const word of positional.slice(i)) {
    const v = word.value;
    if (v === undefined) {
      req.bodies.push(undefined);
      continue;
    }
    const m = /^([^:=@]+?)(:=|==|=|:)(.*)$/s.exec(v);
    if (!m) continue;
    const [, key, op, value] = m;
    if (op === ":") {
      req.headers.push({ name: key, value, word });
      const cred = headerCredential(key, word, value);
      if (cred) req.credentials.push(cred);
    } else if (op === "=") fields[key] = value;
    else if (op === ":=") {
      try {
        fields[key] = JSON.parse(value);
      } catch {
        fields[key] = value;
      }
    }
  }
  const auth = args.findIndex((a) => a.value === "-a" || a.value === "--auth");
  const authValue = auth === -1 ? undefined : args[auth + 1]?.value;
  if (authValue) req.credentials.push({ value: authValue.includes(":") ? authValue.slice(authValue.indexOf(":") + 1) : authValue, source: { how: `${tool} --auth` } });
  if (Object.keys(fields).length > 0) req.bodies.push(JSON.stringify(fields));
  if (!req.method) req.method = req.bodies.length > 0 ? "POST" : "GET";
  if (req.url && !/^[a-z]+:\/\//.test(req.url)) req.url = `https://${req.url.replace(/^:/, "localhost:")}`;
  if (req.url) req.credentials.push(...urlCredentials(req.url, undefined));
  return req;
}
