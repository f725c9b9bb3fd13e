"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { auth, signOut } from "@/lib/auth/config";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { providerLogoutUrl } from "@/lib/auth/provider-logout";
import { ssoSettings } from "@/lib/auth/sso-config";
import { endAllSessions, sessionMethod } from "@/lib/services/identity/sessions";

/**
 * Ends this session (Auth.js's signOut event revokes it server-side) and clears the cookie. A
 * single sign-on session with MAILGATE_OIDC_LOGOUT=on then signs out at the provider as well.
 */
export async function signOutAction(): Promise<void> {
  const logout = await providerLogout();
  if (!logout) return signOut({ redirectTo: "/sign-in" });
  await signOut({ redirect: false });
  redirect(logout);
}

/** Ends every session of the signed-in user, on every device, this one included. */
export async function signOutEverywhereAction(): Promise<void> {
  const actor = await getActor();
  const logout = await providerLogout();
  await endAllSessions(getDb(), { actor, origin: await getOrigin() });
  if (!logout) return signOut({ redirectTo: "/sign-in" });
  await signOut({ redirect: false });
  redirect(logout);
}

async function providerLogout(): Promise<string | null> {
  const sso = ssoSettings().config;
  if (!sso?.isLogoutOn) return null;
  const sessionId = (await auth())?.sessionId;
  if (!sessionId || (await sessionMethod(getDb(), sessionId)) !== "sso") return null;
  return providerLogoutUrl(sso);
}
