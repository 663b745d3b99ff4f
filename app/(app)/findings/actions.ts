"use server";
/**
 * Accept and reopen a finding: analysts and admins (lib/auth/access-table.ts). A viewer's submission is
 * refused before anything is read.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction, type ActionState } from "@/lib/api/define-action";
import { acceptFinding, reopenFinding } from "@/lib/db/queries/findings";

export type FindingActionState = ActionState<"accepted" | "reopened">;

const findingId = z.string().min(1, "Which finding? The form lost its id; reload the page.").max(100);

const acceptSchema = z.object({
  id: findingId,
  reason: z.string().trim().min(1, "Say why this risk is accepted.").max(2000),
  expires: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v), "Pick an expiry date, or leave it empty to accept until reopened."),
});

export const acceptFindingAction = defineAction({
  action: "/findings#acceptFindingAction",
  input: acceptSchema,
  audit: { action: "finding.accept", target: ({ input }) => input.id },
  run: async ({ db, input, user }) => {
    // An expiry date means "until the end of that day" (UTC), so choosing today still lies in the future.
    const expiresAt = input.expires ? new Date(`${input.expires}T23:59:59Z`) : null;
    await acceptFinding(db, input.id, { reason: input.reason, expiresAt, by: user.name });
    revalidatePath("/findings", "layout");
    revalidatePath("/", "layout");
    return "accepted" as "accepted" | "reopened";
  },
});

export const reopenFindingAction = defineAction({
  action: "/findings#reopenFindingAction",
  input: z.object({ id: findingId }),
  audit: { action: "finding.reopen", target: ({ input }) => input.id },
  run: async ({ db, input }) => {
    await reopenFinding(db, input.id);
    revalidatePath("/findings", "layout");
    revalidatePath("/", "layout");
    return "reopened" as "accepted" | "reopened";
  },
});
