import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { Notice } from "@/components/ui/notice";
import { getOptionalActor } from "@/lib/auth/current-actor";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { signInErrorMessage } from "@/lib/auth/sign-in-messages";
import { isLocalSignInOn, ssoSettings } from "@/lib/auth/sso-config";
import { getTenant } from "@/lib/services/settings/environments";
import { SignInForm } from "./sign-in-form";
import { SsoButton } from "./sso-button";

export const metadata: Metadata = { title: "Sign in · Mailgate" };

type Query = { callbackUrl?: string; error?: string; retryAt?: string };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const callbackUrl = safeCallbackUrl(query.callbackUrl);
  if (await getOptionalActor()) redirect(callbackUrl);
  const tenant = await getTenant(getDb());
  const sso = ssoSettings().config;
  const error = signInErrorMessage(query.error, query.retryAt, new Date());
  const isPasswordOn = isLocalSignInOn(process.env);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm space-y-4 rounded-card bg-surface p-8 shadow-card">
        <div>
          <p className="text-sm font-semibold text-brand">Mailgate</p>
          <h1 className="mb-1 text-2xl font-semibold">Sign in</h1>
          <p className="text-sm text-muted">{tenant ? `to ${tenant.name}` : "to your tenant"}</p>
        </div>
        {error && (
          <Notice tone="danger" title="Single sign-on refused" live>
            {error}
          </Notice>
        )}
        {sso && <SsoButton kind={sso.kind} callbackUrl={callbackUrl} />}
        {isPasswordOn ? (
          <>
            {sso && <p className="text-center text-sm text-muted">or with your portal password</p>}
            <SignInForm callbackUrl={callbackUrl} />
          </>
        ) : (
          // Hidden, not gone: a break-glass Global Administrator still needs it when the identity provider is down.
          <details className="text-sm">
            <summary className="cursor-pointer text-muted">Break-glass account</summary>
            <p className="my-2 text-muted">Passwords are turned off except for break-glass Global Administrators.</p>
            <SignInForm callbackUrl={callbackUrl} />
          </details>
        )}
      </div>
    </main>
  );
}
