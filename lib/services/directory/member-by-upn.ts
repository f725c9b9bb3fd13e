import "server-only";
import { first } from "@/db/query";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { directoryUsers, environmentUsers } from "@/db/schema";

/** A directory user's membership of an environment, by their sign-in name (UPNs are stored lower-case); null if none. */
export async function findEnvironmentUserByUpn(db: Db, environmentId: number, upn: string) {
  return (
    (await first(
      db
        .select({ id: environmentUsers.id, email: environmentUsers.email, fullName: environmentUsers.fullName })
        .from(environmentUsers)
        .innerJoin(directoryUsers, eq(directoryUsers.id, environmentUsers.directoryUserId))
        .where(and(eq(environmentUsers.environmentId, environmentId), eq(directoryUsers.upn, upn.toLowerCase())))
        .limit(1),
    )) ?? null
  );
}
