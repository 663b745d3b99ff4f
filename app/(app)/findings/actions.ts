"use server";
/**
 * Accept and reopen findings, one or many, each change with its reason (kept in the finding's history).
 * Input is parsed first, then the session is checked, then the work is done; a user-facing problem comes
 * back as a message beside its field, with what was typed, anything else is thrown.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getSessionUser } from "@/lib/auth/session";
import { changeFindingsStatus } from "@/lib/db/queries/finding-triage";
import { getDb } from "@/lib/db/server-db";
import { AppError, isAppError } from "@/lib/errors";

export interface FindingActionState {
  /** A problem with the whole request. */
  error?: string;
  /** Problems beside their fields. */
  fieldErrors?: Partial<Record<"reason" | "expires" | "ids", string>>;
  /** What was typed, so a refused form keeps it. */
  values?: { reason: string; expires: string };
  done?: "accepted" | "reopened";
  changed?: number;
  skipped?: number;
  /** Distinguishes two identical answers, so forms remount their fields with the values. */
  at?: number;
}

const MAX_IDS = 500;

const changeSchema = z.object({
  intent: z.enum(["accept", "reopen"]),
  ids: z.array(z.string().min(1).max(100)).min(1, "Select at least one finding.").max(MAX_IDS, `Select at most ${MAX_IDS} findings at once.`),
  reason: z.string().trim().min(1, "Say why.").max(2000, "Keep the reason under 2000 characters."),
  expires: z
    .string()
    .trim()
    .refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v), "Pick an expiry date, or leave it empty to accept until reopened."),
});

async function requireUser() {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized:session", "Your session has ended: sign in again.");
  return user;
}

/**
 * One action for the single finding's forms and the list's bulk form: `intent` says accept or reopen,
 * `ids` holds one or more finding ids.
 */
export async function changeFindingsStatusAction(_state: FindingActionState | null, form: FormData): Promise<FindingActionState> {
  const values = { reason: String(form.get("reason") ?? ""), expires: String(form.get("expires") ?? "") };
  const intent = form.get("intent");
  const parsed = changeSchema.safeParse({ intent, ids: form.getAll("ids").map(String), reason: values.reason, expires: values.expires });
  if (!parsed.success) {
    const fieldErrors: FindingActionState["fieldErrors"] = {};
    let error: string | undefined;
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "reason" || field === "expires" || field === "ids") fieldErrors[field] ??= issue.message;
      else error ??= "The form lost its action; reload the page.";
    }
    if (fieldErrors.reason) fieldErrors.reason = intent === "reopen" ? "Say why this is reopened." : "Say why this risk is accepted.";
    return { error, fieldErrors, values, at: Date.now() };
  }
  const user = await requireUser();
  const accept = parsed.data.intent === "accept";
  // An expiry date means "until the end of that day" (UTC), so choosing today still lies in the future.
  const expiresAt = accept && parsed.data.expires ? new Date(`${parsed.data.expires}T23:59:59Z`) : null;
  let result: { changed: number; skipped: number };
  try {
    result = await changeFindingsStatus(await getDb(), parsed.data.ids, { to: accept ? "accepted" : "open", reason: parsed.data.reason, expiresAt, by: user.name });
  } catch (error) {
    if (isAppError(error) && error.status < 500) {
      const onExpiry = /expiry/.test(error.message);
      return { ...(onExpiry ? { fieldErrors: { expires: error.message } } : { error: error.message }), values, at: Date.now() };
    }
    throw error;
  }
  revalidatePath("/findings", "layout");
  revalidatePath("/", "layout");
  return { done: accept ? "accepted" : "reopened", ...result, at: Date.now() };
}
