import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { serverEnv } from "@/lib/env";
import type { Actor } from "@/lib/policy/actor";
import type { RequestOrigin } from "@/lib/services/audit/log";
import { loadSessionActor } from "@/lib/services/identity/sessions";
import { auth } from "./config";
import { originFromHeaders } from "./origin";
import { idleTimeoutMs } from "./session-rules";

/**
 * The signed-in actor, re-read from the database once per request. Signed out, or disabled since
 * signing in: back to the sign-in page. Every page and action calls this; none trusts the proxy.
 */
export const getActor = cache(async (): Promise<Actor> => {
  const actor = await getOptionalActor();
  if (!actor) redirect("/sign-in");
  return actor;
});

/**
 * The enabled signed-in actor, or null. The token must name a live server-side session: not
 * signed out or revoked, and not idle too long (MAILGATE_IDLE_TIMEOUT_MINUTES, default 60).
 */
export const getOptionalActor = cache(async (): Promise<Actor | null> => {
  const sessionId = (await auth())?.sessionId;
  return await loadSessionActor(getDb(), {
    sessionId,
    now: new Date(),
    idleTimeoutMs: idleTimeoutMs(serverEnv().MAILGATE_IDLE_TIMEOUT_MINUTES),
  });
});

export async function getOrigin(): Promise<RequestOrigin> {
  return originFromHeaders(await headers());
}
