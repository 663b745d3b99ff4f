"use client";
/**
 * A form bound to a server action made with defineAction: its fields are children, and the action's
 * answer (a message, or an error) is shown below them.
 */
import { useActionState, type ReactNode } from "react";
import type { ActionState } from "@/lib/api/define-action";

type MessageAction = (state: ActionState<string>, form: FormData) => Promise<ActionState<string>>;

export function ActionForm({ action, label, children, className }: { action: MessageAction; label: string; children: ReactNode; className?: string }) {
  const [state, submit, pending] = useActionState(action, null);
  return (
    <form action={submit} aria-label={label} className={className} aria-busy={pending}>
      {children}
      {state && !state.ok ? (
        <p className="error small" role="alert">
          {state.error}
        </p>
      ) : state?.ok ? (
        <p className="small" role="status">
          {state.result}
        </p>
      ) : null}
    </form>
  );
}
