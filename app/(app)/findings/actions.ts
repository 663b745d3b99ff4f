"use server";
/**
 * Accept and reopen findings, one or many, each change with its reason (kept in the finding's history):
 * analysts and admins (lib/auth/access-table.ts); a viewer's submission is refused before anything is
 * read. A refused form comes back with its errors beside their fields and what was typed.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction, type ActionState } from "@/lib/api/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { changeFindingsStatus } from "@/lib/db/queries/finding-triage";

export type FindingStatusChange = { done: "accepted" | "reopened"; changed: number; skipped: number };
export type FindingActionState = ActionState<FindingStatusChange>;

const MAX_IDS = 500;

const changeSchema = z.object({
  intent: z.enum(["accept", "reopen"], "The form lost its action; reload the page."),
  // One checkbox ticked arrives as a string, several as a list.
  ids: z.preprocess(
    (value) => (value === undefined ? [] : [value].flat()),
    z.array(z.string().min(1).max(100)).min(1, "Select at least one finding.").max(MAX_IDS, `Select at most ${MAX_IDS} findings at once.`),
  ),
  reason: z.string().trim().min(1, "Say why.").max(2000, "Keep the reason under 2000 characters."),
  expires: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v), "Pick an expiry date, or leave it empty to accept until reopened."),
});

/**
 * One action for the single finding's forms and the list's bulk form: `intent` says accept or reopen,
 * `ids` holds one or more finding ids.
 */
export const changeFindingsStatusAction = defineAction({
  action: "/findings#changeFindingsStatusAction",
  input: changeSchema,
  run: async ({ db, input, user, address }): Promise<FindingStatusChange> => {
    const accept = input.intent === "accept";
    // An expiry date means "until the end of that day" (UTC), so choosing today still lies in the future.
    const expiresAt = accept && input.expires ? new Date(`${input.expires}T23:59:59Z`) : null;
    const result = await changeFindingsStatus(db, input.ids, { to: accept ? "accepted" : "open", reason: input.reason, expiresAt, by: user.name });
    await recordAudit(db, {
      actor: { userId: user.id, name: user.name },
      action: accept ? "finding.accept" : "finding.reopen",
      target: input.ids.length === 1 ? input.ids[0] : `${input.ids.length} findings`,
      address,
      detail: { ids: input.ids.slice(0, 50), changed: result.changed, skipped: result.skipped },
    });
    revalidatePath("/findings", "layout");
    revalidatePath("/", "layout");
    return { done: accept ? "accepted" : "reopened", ...result };
  },
});
