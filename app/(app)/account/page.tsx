import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { requirePageAccess } from "@/lib/auth/require-page-access";
import { changeOwnPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await requirePageAccess("/account");
  const sso = user.name.startsWith("sso:");
  return (
    <>
      <h1>Your account</h1>
      <p className="subtitle">
        Signed in as <strong className="loc">{user.name}</strong>, {user.role}
        {user.approver ? ", approver" : ""}.
      </p>
      <section className="panel" aria-labelledby="password-heading" style={{ maxWidth: "32rem" }}>
        <h2 id="password-heading">Change your password</h2>
        {sso ? (
          <p className="muted">You sign in through single sign-on: change your password there.</p>
        ) : (
          <ActionForm action={changeOwnPasswordAction} label="Change your password">
            <div className="field">
              <label htmlFor="current">Current password</label>
              <input id="current" name="current" type="password" autoComplete="current-password" required />
            </div>
            <div className="field">
              <label htmlFor="next">New password ({MIN_PASSWORD_LENGTH}+ characters)</label>
              <input id="next" name="next" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required />
            </div>
            <div className="field">
              <label htmlFor="repeat">New password again</label>
              <input id="repeat" name="repeat" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required />
            </div>
            <button className="button" type="submit">
              Change password
            </button>
          </ActionForm>
        )}
      </section>
    </>
  );
}
