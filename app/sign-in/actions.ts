"use server";

import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import { invalid, type ActionState } from "@/lib/action-state";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { signIn } from "@/lib/auth/config";
import { LOCAL_OFF_REFUSED, refusalMessage } from "@/lib/auth/sign-in-messages";
import { isLocalSignInOn, ssoSettings } from "@/lib/auth/sso-config";
import { ssoProviderId } from "@/lib/auth/sso-provider";
import { line } from "@/lib/form-schemas";
import { fieldsOf } from "@/lib/service-action";

const SignInInput = z.object({
  email: line.trim().min(1, "Enter your email.").max(320, "That email is too long."),
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
  callbackUrl: z.string().optional(),
});

export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  // A replayed request may send anything for the form: it is parsed, never assumed.
  const parsed = SignInInput.safeParse(fieldsOf(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { email, password, callbackUrl } = parsed.data;
  try {
    // Success throws Next's redirect, which must propagate: only Auth.js refusals are caught.
    await signIn("credentials", { email, password, redirectTo: safeCallbackUrl(callbackUrl) });
    return { status: "done" };
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      const message = refusalMessage(error.code, new Date());
      // Still one sentence for every refusal: it only adds that passwords are for break-glass accounts.
      const isGeneric = !error.code.startsWith("throttled:");
      return { status: "refused", message: isGeneric && !isLocalSignInOn(process.env) ? LOCAL_OFF_REFUSED : message };
    }
    throw error;
  }
}

const SsoInput = z.object({ callbackUrl: z.string().optional() });

/** "Sign in with Microsoft": off to the identity provider (Auth.js sets the state, nonce and PKCE cookies). */
export async function ssoSignInAction(formData: FormData): Promise<void> {
  const sso = ssoSettings().config;
  if (!sso) return;
  const parsed = SsoInput.safeParse(fieldsOf(formData));
  await signIn(ssoProviderId(sso), { redirectTo: safeCallbackUrl(parsed.success ? parsed.data.callbackUrl : "/") });
}
