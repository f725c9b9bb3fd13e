"use server";

import { getDb } from "@/db/client";
import { signOut } from "@/lib/auth/config";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { endAllSessions } from "@/lib/services/identity/sessions";

/** Ends this session (Auth.js's signOut event revokes it server-side) and clears the cookie. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

/** Ends every session of the signed-in user, on every device, this one included. */
export async function signOutEverywhereAction(): Promise<void> {
  const actor = await getActor();
  endAllSessions(getDb(), { actor, origin: await getOrigin() });
  await signOut({ redirectTo: "/sign-in" });
}
