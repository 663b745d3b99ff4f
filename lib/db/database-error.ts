/** What Postgres said about a failed statement: its SQLSTATE code and message. */
export interface DatabaseError {
  code: string;
  message: string;
}

/**
 * The Postgres error inside `error`, however the driver wrapped it: the ORM wraps the driver's error as
 * its cause, and the three drivers all carry the server's SQLSTATE as `code`.
 */
export function findDatabaseError(error: unknown): DatabaseError | undefined {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const candidate = e as { code?: unknown; message?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code) && typeof candidate.message === "string") {
      return { code: candidate.code, message: candidate.message };
    }
  }
  return undefined;
}

/** lock_not_available: a lock wait ran past lock_timeout (or NOWAIT found the lock taken). */
export const LOCK_NOT_AVAILABLE = "55P03";
