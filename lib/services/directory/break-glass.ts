import "server-only";
import { first } from "@/db/query";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { directoryUsers, tenantRoleAssignments } from "@/db/schema";
import { decideSetBreakGlass } from "@/lib/policy/break-glass";
import type { ServiceResult } from "../result";
import { changeUser, type Who } from "./change-user";

/** Marks a Global Administrator's account break-glass, or clears the mark (DOMAIN §11); audited. */
export async function setBreakGlass(
  db: Db,
  input: Who & { userId: number; version: number; isBreakGlass: boolean },
): Promise<ServiceResult> {
  return await changeUser(
    db,
    input,
    input,
    (target) => decideSetBreakGlass(input.actor, { target, isBreakGlass: input.isBreakGlass }),
    async (tx, target, audit) => {
      if (target.isBreakGlass === input.isBreakGlass) return false;
      await tx.update(directoryUsers).set({ isBreakGlass: input.isBreakGlass }).where(eq(directoryUsers.id, target.id));
      await audit(input.isBreakGlass ? "BreakGlassMarked" : "BreakGlassCleared", {
        before: { isBreakGlass: target.isBreakGlass },
        after: { isBreakGlass: input.isBreakGlass },
      });
      return true;
    },
    input.isBreakGlass ? "Marked as a break-glass account." : "No longer a break-glass account.",
  );
}

/**
 * Break-glass accounts that would get in today: enabled Global Administrators with the mark and a
 * password (lib/policy/break-glass.ts isUsableBreakGlass, in SQL).
 */
export async function countUsableBreakGlass(db: Db): Promise<number> {
  return (
    (
      await first(
        db
          .select({ n: sql<number>`count(distinct ${directoryUsers.id})`.mapWith(Number) })
          .from(directoryUsers)
          .innerJoin(tenantRoleAssignments, eq(tenantRoleAssignments.directoryUserId, directoryUsers.id))
          .where(
            and(
              eq(directoryUsers.isBreakGlass, true),
              eq(directoryUsers.isEnabled, true),
              sql`${directoryUsers.passwordHash} is not null`,
              eq(tenantRoleAssignments.role, "global_admin"),
            ),
          )
          .limit(1),
      )
    )?.n ?? 0
  );
}
