import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { getOptionalActor } from "@/lib/auth/current-actor";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getTenant } from "@/lib/services/settings/environments";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in · Mailgate" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getOptionalActor()) redirect(callbackUrl);
  const tenant = getTenant(getDb());
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-card bg-surface p-8 shadow-card">
        <p className="text-sm font-semibold text-brand">Mailgate</p>
        <h1 className="mb-1 text-2xl font-semibold">Sign in</h1>
        <p className="mb-6 text-sm text-muted">{tenant ? `to ${tenant.name}` : "to your tenant"}</p>
        <SignInForm callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
