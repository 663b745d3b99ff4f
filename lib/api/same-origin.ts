/**
 * Proof that a state-changing request signed in by cookie comes from Blastmap's own pages. The session
 * cookie rides along on any request the browser sends to this host, including a form another site (or a
 * sibling subdomain: same-site, so SameSite=Lax does not stop it) auto-submits as `text/plain` with a
 * JSON-looking body. Such a request is refused unless:
 * - its Origin (browsers send one on every POST, PUT, PATCH and DELETE) is this host, or, without an
 *   Origin, its Sec-Fetch-Site says same-origin (or none: typed by the user);
 * - and its body, if any, is declared `application/json`, which no form can send and a cross-origin
 *   script cannot send without a CORS preflight this server never grants.
 * Requests with an API token carry no ambient credential and are exempt. Server actions have Next's own
 * Origin check.
 */
import { AppError } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function assertSameOriginWrite(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  if (origin !== null) {
    if (!isOwnOrigin(origin, request)) throw refused("it comes from another site");
  } else if (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none") {
    throw refused("it comes from another site");
  }
  if (request.body !== null && !isJson(request.headers.get("content-type"))) {
    throw refused("its body is not declared as application/json");
  }
}

function isOwnOrigin(origin: string, request: Request): boolean {
  let host: string;
  try {
    host = new URL(origin).host; // "null" (sandboxed frames, file:) does not parse: refused
  } catch {
    return false;
  }
  const own = [request.headers.get("x-forwarded-host"), request.headers.get("host"), new URL(request.url).host];
  return own.some((candidate) => candidate !== null && candidate.toLowerCase() === host.toLowerCase());
}

function isJson(contentType: string | null): boolean {
  const mediaType = contentType?.split(";")[0].trim().toLowerCase() ?? "";
  return mediaType === "application/json" || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
}

function refused(why: string): AppError {
  return new AppError("forbidden:origin", `Refused: ${why}. Blastmap's pages send JSON from this site; scripts should use an API token.`);
}
