import { describe, expect, it } from "vitest";
import { AppError, describeError } from "@/lib/errors";

describe("describeError", () => {
  it("shows an AppError's message and maps its code to a status", () => {
    const error = new AppError("not_found:agent", "No agent called x.");
    expect(describeError(error)).toBe("No agent called x.");
    expect(error.status).toBe(404);
    expect(new AppError("payload_too_large:batch", "too big").status).toBe(413);
  });

  it("never repeats a failed query's statement or parameters", () => {
    const wrapped = new Error("Failed query: insert into nodes values ($1)\nparams: hunter2-secret", { cause: new Error('duplicate key value violates unique constraint "x"') });
    expect(describeError(wrapped)).toBe('database error: duplicate key value violates unique constraint "x"');
  });

  it("says the connection was lost when the driver's socket was cut", () => {
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    const wrapped = new Error("Failed query: select 1\nparams: ", { cause: reset });
    expect(describeError(wrapped)).toBe("database error: the connection to the database was lost (read ECONNRESET)");
  });
});
