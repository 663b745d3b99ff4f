/**
 * Collected names, commands, arguments and paths come from files anyone can commit. A 300,000-character
 * MCP argument sent to the explorer froze the browser tab for minutes (F16): what the explorer is sent
 * is bounded here, every string cut with a note of how much was left out. The stored value is intact.
 */
export const MAX_DISPLAY_STRING = 4_000;

export function boundStrings<T>(value: T, max = MAX_DISPLAY_STRING): T {
  return bound(value, max) as T;
}

function bound(value: unknown, max: number): unknown {
  if (typeof value === "string") {
    return value.length <= max ? value : `${value.slice(0, max)}… (${(value.length - max).toLocaleString("en-US")} more characters)`;
  }
  if (Array.isArray(value)) return value.map((item) => bound(item, max));
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [bound(k, max), bound(v, max)]));
  }
  return value;
}
