import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import type { EnvironmentPage } from "@/lib/policy/access";
import { findEnvironmentPage } from "@/lib/services/settings/environments";
import { getActor } from "./current-actor";

/**
 * For an environment page: the actor and the environment, or "not found" when the environment
 * does not exist for this actor or the page is not theirs to see (existence is not revealed).
 */
export async function requireEnvironmentPage<P extends EnvironmentPage>(slug: string, page: P) {
  const actor = await getActor();
  const now = new Date();
  const environment = await findEnvironmentPage(getDb(), actor, slug, page, now);
  if (!environment) notFound();
  return { actor, environment, now };
}
