/**
 * The address a request came from, for the audit log and per-address throttling: the first entry of
 * X-Forwarded-For. Next sets it from the socket when the request has none; a reverse proxy in front
 * should overwrite it. Served directly, a client can write its own, so per-address throttling is a
 * speed bump there and per-account throttling is what holds (README, "Sign-in throttling").
 */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string | null {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const first = value?.split(",")[0]?.trim();
  if (!first) return null;
  // Addresses only: anything else is dropped rather than stored.
  return /^[0-9a-fA-F:.]{2,45}$/.test(first) ? first.replace(/^::ffff:/, "") : null;
}

/** The current request's address where Next provides one (route handlers, actions), else null. */
export async function currentRequestAddress(): Promise<string | null> {
  try {
    const { headers } = await import("next/headers");
    return clientAddress(await headers());
  } catch {
    return null; // outside a request (tests, scripts)
  }
}
