/**
 * The one wrapper for server actions, the twin of defineRoute: check the signed-in user (from the
 * database) against the access table's rule for this action, parse the form with its zod schema, run
 * the work, and record it in the audit log. Errors come back as a message for the form (never a stack,
 * never the cause).
 */
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { AuditAction } from "@/lib/audit/actions";
import { recordAuditQuietly } from "@/lib/audit/record-audit";
import { ACTION_ACCESS, describeRequirement, meetsRequirement, type ActionKey } from "@/lib/auth/access-table";
import { clientAddress } from "@/lib/auth/client-address";
import { getSessionUserFrom, type SessionUser } from "@/lib/auth/session";
import { AppError, isAppError } from "@/lib/errors";
import { formatIssuePath, issueMessage } from "@/lib/issue-text";
import { getRouteDeps, type RouteDeps } from "@/lib/api/route-deps";

/**
 * A refused form comes back with its message, the problems beside their fields (`fieldErrors`, by the
 * form field's name) and what was typed (`values`, secret-named fields left out), so the form can show
 * each error where it belongs and keep the rest.
 */
export type ActionState<R = unknown> =
  | { ok: true; result: R; at: number }
  | { ok: false; error: string; fieldErrors?: Record<string, string>; values?: Record<string, string>; at: number }
  | null;

export type ActionContext<I> = RouteDeps & { input: I; user: SessionUser; address: string | null };

export function defineAction<I, R>(definition: {
  /** Its key in lib/auth/access-table.ts: the folder of actions.ts and the export, e.g. "/sources#saveSourceAction". */
  action: ActionKey;
  input: z.ZodType<I>;
  /** Recorded when the work is done (a redirect counts as done) or fails with a user-facing error. */
  audit?: { action: AuditAction; target?(ctx: ActionContext<I>, result: R | undefined): string | null | undefined };
  run(ctx: ActionContext<I>): Promise<R>;
}) {
  const serverAction = async (_previous: ActionState<R>, form: FormData): Promise<ActionState<R>> => {
    let ctx: ActionContext<I> | undefined;
    try {
      const deps = await getRouteDeps();
      const requestHeaders = await headers();
      const address = clientAddress(requestHeaders);
      const user = await getSessionUserFrom(deps.db, requestHeaders);
      if (!user) throw new AppError("unauthorized:session", "Your session has ended: sign in again.");
      const requirement = ACTION_ACCESS[definition.action];
      if (!meetsRequirement(user, requirement)) {
        await recordAuditQuietly(deps.db, { actor: { userId: user.id, name: user.name }, action: "access.denied", outcome: "denied", target: definition.action, address });
        throw new AppError("forbidden:role", describeRequirement(requirement));
      }
      const parsed = definition.input.safeParse(formInput(form));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const fieldErrors: Record<string, string> = {};
        for (const problem of parsed.error.issues) if (typeof problem.path[0] === "string") fieldErrors[problem.path[0]] ??= issueMessage(problem);
        return { ok: false, error: `${formatIssuePath(issue.path) || "form"}: ${issueMessage(issue)}`, fieldErrors, values: typedValues(form), at: Date.now() };
      }
      ctx = { ...deps, input: parsed.data, user, address };
      let result: R;
      try {
        result = await definition.run(ctx);
      } catch (error) {
        if (definition.audit) await recordOutcome(definition.audit, ctx, undefined, error);
        throw error;
      }
      if (definition.audit) await recordOutcome(definition.audit, ctx, result, null);
      return { ok: true, result, at: Date.now() };
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() work by throwing; Next handles them
      if (isAppError(error)) return { ok: false, error: error.message, at: Date.now() };
      console.error("action: unexpected error", error instanceof Error ? error.name : typeof error);
      return { ok: false, error: "Something went wrong on the server.", at: Date.now() };
    }
  };
  return Object.assign(serverAction, { accessKey: definition.action });
}

/** The form as an object: a name given once is a string, a name given several times (checkboxes) a list. */
function formInput(form: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const input: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const name of new Set(form.keys())) {
    const all = form.getAll(name);
    input[name] = all.length === 1 ? all[0] : all;
  }
  return input;
}

/** What was typed, to fill a refused form again; never a field whose name says it holds a secret. */
function typedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string" && !SECRET_FIELD.test(name)) values[name] ??= value;
  return values;
}

const SECRET_FIELD = /password|secret|token|key/i;

async function recordOutcome<I, R>(
  audit: { action: AuditAction; target?(ctx: ActionContext<I>, result: R | undefined): string | null | undefined },
  ctx: ActionContext<I>,
  result: R | undefined,
  error: unknown,
): Promise<void> {
  let outcome: "success" | "failure" = "success";
  let detail: Record<string, string> | undefined;
  if (error !== null) {
    try {
      unstable_rethrow(error);
    } catch {
      // redirect() is how an action that is done moves on: a success.
      outcome = "success";
      error = null;
    }
    if (error !== null) {
      if (!isAppError(error)) return; // unexpected: logged by the caller, not a user's doing
      outcome = "failure";
      detail = { error: error.code };
    }
  }
  await recordAuditQuietly(ctx.db, {
    actor: { userId: ctx.user.id, name: ctx.user.name },
    action: audit.action,
    outcome,
    target: audit.target?.(ctx, result) ?? null,
    address: ctx.address,
    detail,
  });
}
