/**
 * One error type for everything a user may see. The code says what went wrong ("kind:subject"); the table
 * below decides the HTTP status. The cause is kept for logs, never shown.
 */
export type AppErrorCode =
  | "bad_request:batch"
  | "bad_request:config"
  | "bad_request:input"
  | "bad_request:usage"
  | "unauthorized:session"
  | "unauthorized:token"
  | "unauthorized:credentials"
  | "forbidden:role"
  | "forbidden:origin"
  | "not_found:agent"
  | "not_found:source"
  | "not_found:sweep"
  | "not_found:finding"
  | "not_found:node"
  | "not_found:user"
  | "conflict:sweep_running"
  | "conflict:user"
  | "too_many_requests:sign_in"
  | "payload_too_large:batch"
  | "config:database_url"
  | "config:data_dir"
  | "config:guard_snapshot"
  | "database:unreachable"
  | "database:locked"
  | "database:corrupt"
  | "collector:failed"
  | "internal";

const STATUS_BY_KIND: Record<string, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  config: 500,
  database: 503,
  collector: 500,
  internal: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
  }

  get status(): number {
    return STATUS_BY_KIND[this.code.split(":")[0]] ?? 500;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

// A socket error ("read ECONNRESET") alone does not tell a user that the database went away.
const SOCKET_ERRORS = new Set(["ECONNRESET", "EPIPE", "ECONNREFUSED", "ETIMEDOUT"]);

function isSocketError(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && SOCKET_ERRORS.has(code);
}

function connectionLost(error: Error): string {
  return `database error: the connection to the database was lost (${error.message})`;
}

/**
 * One line for a terminal: the message of an AppError, or a generic line for anything unexpected. A failed
 * ORM query is described by the database's own message: the ORM's wrapper quotes the statement and its
 * parameters, which must never reach a log.
 */
export function describeError(error: unknown): string {
  if (isAppError(error)) return error.message;
  if (error instanceof Error && error.message.startsWith("Failed query:")) {
    const cause = error.cause instanceof Error ? error.cause : undefined;
    return cause && isSocketError(cause) ? connectionLost(cause) : `database error: ${cause?.message ?? "unknown cause"}`;
  }
  if (error instanceof Error && isSocketError(error)) return connectionLost(error);
  if (error instanceof Error) return `unexpected error: ${error.message}`;
  return `unexpected error: ${String(error)}`;
}
