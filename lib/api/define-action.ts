/**
 * The one wrapper for server actions, the twin of defineRoute: parse the form with its zod schema,
 * check the signed-in user's role, run the work. Errors come back as a message for the form (never a
 * stack, never the cause).
 */
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { AppError, isAppError } from "@/lib/errors";
import { formatIssuePath } from "@/lib/graph/validate-batch";
import { getRouteDeps, type RouteDeps } from "@/lib/api/route-deps";

export type ActionState<R = unknown> = { ok: true; result: R; at: number } | { ok: false; error: string; at: number } | null;

export function defineAction<I, R>(definition: {
  role: "admin" | "viewer";
  input: z.ZodType<I>;
  run(ctx: RouteDeps & { input: I; user: SessionUser }): Promise<R>;
}) {
  return async (_previous: ActionState<R>, form: FormData): Promise<ActionState<R>> => {
    try {
      const parsed = definition.input.safeParse(Object.fromEntries(form.entries()));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError("bad_request:input", `${formatIssuePath(issue.path) || "form"}: ${issue.message}`);
      }
      const user = await getSessionUser();
      if (!user) throw new AppError("unauthorized:session", "Sign in again.");
      if (definition.role === "admin" && user.role !== "admin") throw new AppError("forbidden:role", "Only an admin may do this.");
      const result = await definition.run({ ...(await getRouteDeps()), input: parsed.data, user });
      return { ok: true, result, at: Date.now() };
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() work by throwing; Next handles them
      if (isAppError(error)) return { ok: false, error: error.message, at: Date.now() };
      console.error("action: unexpected error", error instanceof Error ? error.name : typeof error);
      return { ok: false, error: "Something went wrong on the server.", at: Date.now() };
    }
  };
}
