"use server";
/**
 * The Users page's actions: admins only (lib/auth/access-table.ts). Each change is audited and, when it
 * takes rights away, ends the user's sessions at once (lib/auth/manage-users.ts).
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction, type ActionContext } from "@/lib/api/define-action";
import { changeUserRole, createPasswordUser, newPasswordSchema, removeUser, resetUserPassword, roleSchema, setUserDisabled, usernameSchema } from "@/lib/auth/manage-users";
import { rowIdSchema } from "@/lib/db/row-id";

const userId = rowIdSchema;
const checkbox = z
  .string()
  .optional()
  .transform((value) => value === "on");

function actorOf(ctx: ActionContext<unknown>) {
  return { id: ctx.user.id, name: ctx.user.name, address: ctx.address };
}

export const createUserAction = defineAction({
  action: "/users#createUserAction",
  input: z.object({ username: usernameSchema, password: newPasswordSchema, role: roleSchema, approver: checkbox }),
  run: async (ctx) => {
    const user = await createPasswordUser(ctx.db, actorOf(ctx), ctx.input);
    revalidatePath("/users");
    return `Created ${user.username} (${user.role}${user.approver ? ", approver" : ""}).`;
  },
});

export const updateUserAction = defineAction({
  action: "/users#updateUserAction",
  input: z.object({ userId, role: roleSchema, approver: checkbox }),
  run: async (ctx) => {
    const user = await changeUserRole(ctx.db, actorOf(ctx), ctx.input.userId, ctx.input);
    revalidatePath("/users");
    return `${user.username} is now ${user.role}${user.approver ? ", approver" : ""}; their sessions ended.`;
  },
});

export const setUserDisabledAction = defineAction({
  action: "/users#setUserDisabledAction",
  input: z.object({ userId, disabled: z.enum(["1", "0"]) }),
  run: async (ctx) => {
    const user = await setUserDisabled(ctx.db, actorOf(ctx), ctx.input.userId, ctx.input.disabled === "1");
    revalidatePath("/users");
    return user.disabledAt ? `${user.username} is disabled and signed out.` : `${user.username} may sign in again.`;
  },
});

export const deleteUserAction = defineAction({
  action: "/users#deleteUserAction",
  input: z.object({ userId, confirm: z.literal("on", { message: "tick the box to confirm" }) }),
  run: async (ctx) => {
    await removeUser(ctx.db, actorOf(ctx), ctx.input.userId);
    revalidatePath("/users");
    return "Deleted; the audit log keeps what they did.";
  },
});

export const resetPasswordAction = defineAction({
  action: "/users#resetPasswordAction",
  input: z.object({ userId, password: newPasswordSchema }),
  run: async (ctx) => {
    const user = await resetUserPassword(ctx.db, actorOf(ctx), ctx.input.userId, ctx.input.password);
    revalidatePath("/users");
    return `New password set for ${user.username}; their sessions ended.`;
  },
});
