import type { Metadata } from "next";
import { LoginForm } from "@/components/shell/login-form";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { declarePublicPage } from "@/lib/auth/require-page-access";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  declarePublicPage("/login");
  const { callbackUrl, error } = await searchParams;
  const env = getEnv();
  // Only paths on this site: never bounce a signed-in user to another origin (lib/auth/callback-url.ts).
  const next = safeCallbackPath(callbackUrl);
  return (
    <main className="login-wrap">
      <div className="login">
        <h1>
          <img src="/icon.svg" alt="" width={28} height={28} /> Blastmap
        </h1>
        <p className="subtitle">What can your AI agents reach, and what could they destroy?</p>
        <LoginForm callbackUrl={next} sso={env.BLASTMAP_OIDC_ISSUER ? { name: env.BLASTMAP_OIDC_NAME } : undefined} initialError={error?.slice(0, 40)} />
      </div>
    </main>
  );
}
