"use server";
/**
 * Accept and reopen a finding. Input is parsed first, then the session is checked, then the work is done;
 * a user-facing problem comes back as a message for the form, anything else is thrown.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getSessionUser } from "@/lib/auth/session";
import { acceptFinding, reopenFinding } from "@/lib/db/queries/findings";
import { getDb } from "@/lib/db/server-db";
import { AppError, isAppError } from "@/lib/errors";

export interface FindingActionState {
  error?: string;
  done?: "accepted" | "reopened";
}

const acceptSchema = z.object({
  id: z.string().min(1).max(100),
  reason: z.string().trim().min(1, "Say why this risk is accepted.").max(2000),
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

export async function acceptFindingAction(_state: FindingActionState | null, form: FormData): Promise<FindingActionState> {
  const parsed = acceptSchema.safeParse({ id: form.get("id"), reason: form.get("reason") ?? "", expires: form.get("expires") ?? "" });
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const user = await requireUser();
  // An expiry date means "until the end of that day" (UTC), so choosing today still lies in the future.
  const expiresAt = parsed.data.expires ? new Date(`${parsed.data.expires}T23:59:59Z`) : null;
  try {
    await acceptFinding(await getDb(), parsed.data.id, { reason: parsed.data.reason, expiresAt, by: user.name });
  } catch (error) {
    if (isAppError(error) && error.status < 500) return { error: error.message };
    throw error;
  }
  revalidatePath("/findings", "layout");
  revalidatePath("/", "layout");
  return { done: "accepted" };
}

export async function reopenFindingAction(_state: FindingActionState | null, form: FormData): Promise<FindingActionState> {
  const id = z.string().min(1).max(100).safeParse(form.get("id"));
  if (!id.success) return { error: "Which finding? The form lost its id; reload the page." };
  await requireUser();
  try {
    await reopenFinding(await getDb(), id.data);
  } catch (error) {
    if (isAppError(error) && error.status < 500) return { error: error.message };
    throw error;
  }
  revalidatePath("/findings", "layout");
  revalidatePath("/", "layout");
  return { done: "reopened" };
}
