import "server-only";
import { first } from "@/db/query";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { serverProfiles } from "@/db/schema";
import type { VisibleEnvironment } from "./environments";

export type AuthType = "s2s_same_tenant" | "oauth_cross_tenant";
export const AUTH_TYPE_LABELS: Record<AuthType, string> = {
  s2s_same_tenant: "Server-to-Server (same tenant)",
  oauth_cross_tenant: "OAuth (cross-tenant)",
};

/** A profile as pages see it: the secret itself never leaves this file, only whether one is stored. */
export type ServerProfileView = Omit<typeof serverProfiles.$inferSelect, "oauthSecret"> & {
  hasSecret: boolean;
  mailboxCount: number;
};

const VIEW = {
  id: serverProfiles.id,
  environmentId: serverProfiles.environmentId,
  name: serverProfiles.name,
  type: serverProfiles.type,
  authType: serverProfiles.authType,
  oauthTenantId: serverProfiles.oauthTenantId,
  oauthApplicationId: serverProfiles.oauthApplicationId,
  isDefault: serverProfiles.isDefault,
  isActive: serverProfiles.isActive,
  version: serverProfiles.version,
  createdAt: serverProfiles.createdAt,
  hasSecret: sql<boolean>`${serverProfiles.oauthSecret} is not null`.mapWith(Boolean),
  // Spelled out: drizzle leaves column names unqualified here, and "id" would mean the mailbox's.
  mailboxCount:
    sql<number>`(select count(*) from mailboxes m where m.server_profile_id = "server_profiles"."id")`.mapWith(Number),
};

/** The environment's profiles, for their own page and for the email settings' default profile choice. */
export async function listServerProfiles(
  db: Db,
  environment: VisibleEnvironment<"server-profiles" | "email-settings">,
): Promise<ServerProfileView[]> {
  return await db
    .select(VIEW)
    .from(serverProfiles)
    .where(eq(serverProfiles.environmentId, environment.id))
    .orderBy(asc(serverProfiles.name));
}

export async function getServerProfile(
  db: Db,
  environment: VisibleEnvironment<"server-profiles">,
  id: number,
): Promise<ServerProfileView | null> {
  return (
    (await first(
      db
        .select(VIEW)
        .from(serverProfiles)
        .where(and(eq(serverProfiles.id, id), eq(serverProfiles.environmentId, environment.id)))
        .limit(1),
    )) ?? null
  );
}
