"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { safeCallbackPath } from "@/lib/auth/callback-url";

/** next-auth's codes for a refused single sign-on, in words. */
const SSO_ERRORS: Record<string, string> = {
  AccessDenied: "Single sign-on refused: none of your groups has a role in Blastmap, or your account is disabled here.",
  OAuthCallback: "Single sign-on failed on the way back from the provider. Try again.",
  OAuthSignin: "Single sign-on could not start. Try again.",
};

export function LoginForm({ callbackUrl, sso, initialError }: { callbackUrl: string; sso?: { name: string }; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError ? (SSO_ERRORS[initialError] ?? "Sign-in failed. Try again.") : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", {
      username: String(form.get("username") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      // The server's own words when it has any ("Too many attempts; try again in 12 minutes.").
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Wrong username or password.");
      return;
    }
    router.replace(safeCallbackPath(callbackUrl));
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" defaultValue="admin" required />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required autoFocus />
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <button className="button" type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {sso ? (
        <p style={{ marginTop: "1rem" }}>
          <button className="button secondary" type="button" onClick={() => signIn("oidc", { callbackUrl: safeCallbackPath(callbackUrl) })}>
            Sign in with {sso.name}
          </button>
        </p>
      ) : null}
    </form>
  );
}
