"use server";
/** Every signed-in user may change their own password; their other sessions end. */
import { z } from "zod";
import { defineAction } from "@/lib/api/define-action";
import { changeOwnPassword, newPasswordSchema } from "@/lib/auth/manage-users";

export const changeOwnPasswordAction = defineAction({
  action: "/account#changeOwnPasswordAction",
  input: z
    .object({ current: z.string().min(1, "give your current password").max(1000), next: newPasswordSchema, repeat: z.string() })
    .refine((form) => form.next === form.repeat, { path: ["repeat"], message: "the two new passwords differ" }),
  run: async ({ db, input, user, address }) => {
    await changeOwnPassword(db, { id: user.id, name: user.name, address, sessionId: user.sessionId }, input);
    return "Password changed. Your other sessions were signed out.";
  },
});
