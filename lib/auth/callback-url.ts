/**
 * Where sign-in may send a user afterwards: a path on this site, never another origin. Browsers read
 * `/\evil.test` as `//evil.test`, and drop tabs and newlines from URLs (`/%09/evil.test` is `//evil.test`),
 * so a prefix check on "/" is not enough: the value is resolved as a URL against a placeholder origin and
 * must stay on it, and any backslash or control character refuses it outright.
 */
const PLACEHOLDER = "http://blastmap.invalid";

export function safeCallbackPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Resolution may turn what was a path into "//host" again (/./\/evil): check the result too.
  return path.startsWith("//") ? fallback : path;
}
