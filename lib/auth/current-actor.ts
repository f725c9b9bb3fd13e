import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/policy/actor";
import { loadActor } from "@/lib/services/actor";
import type { RequestOrigin } from "@/lib/services/audit-log";
import { auth } from "./config";
import { originFromHeaders } from "./origin";

/**
 * The signed-in actor, re-read from the database once per request. Signed out, or disabled since
 * signing in: back to the sign-in page. Every page and action calls this; none trusts the proxy.
 */
export const getActor = cache(async (): Promise<Actor> => {
  const actor = await getOptionalActor();
  if (!actor) redirect("/sign-in");
  return actor;
});

/** The enabled signed-in actor, or null. */
export const getOptionalActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  const actor = Number.isInteger(id) && id > 0 ? loadActor(getDb(), id) : null;
  return actor?.isEnabled ? actor : null;
});

export async function getOrigin(): Promise<RequestOrigin> {
  return originFromHeaders(await headers());
}
