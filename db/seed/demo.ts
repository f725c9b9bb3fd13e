import { first, single } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, exchangeRecipients, tenantRoleAssignments, tenants } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { appendAuditEvent, NO_ORIGIN } from "@/lib/services/audit/log";
import { DEMO_ENVIRONMENTS, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TENANT, SHARED_MAILBOXES, upnOf } from "./demo-data";
import { seedDemoEnvironment } from "./demo-environment";
import { mapInOrder } from "@/lib/in-order";

/** Seeds the Contoso demo tenant in one transaction. Call only on an empty database. */
export async function seedDemo(db: Db, now = new Date()): Promise<void> {
  // One hash for all: every demo password is the same published one, so salting each buys nothing.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await withTransaction(db, async (tx) => {
    const tenant = await single(tx.insert(tenants).values(DEMO_TENANT).returning({ id: tenants.id }));
    const userIds = new Map<string, { id: number; name: string }>();
    await mapInOrder(DEMO_PEOPLE, async (p) => {
      const upn = upnOf(p.alias);
      const row = await single(
        tx
          .insert(directoryUsers)
          .values({
            tenantId: tenant.id,
            upn,
            displayName: p.name,
            isEnabled: p.isEnabled,
            passwordHash,
            createdAt: now,
          })
          .returning({ id: directoryUsers.id }),
      );
      userIds.set(p.alias, { id: row.id, name: p.name });
      for (const role of p.tenantRoles) {
        await tx.insert(tenantRoleAssignments).values({ directoryUserId: row.id, role, assignedAt: now });
      }
      if (p.exchange !== "none") {
        await tx
          .insert(exchangeRecipients)
          .values({ tenantId: tenant.id, address: upn, kind: "user", isLicensed: p.exchange === "licensed" });
      }
    });
    for (const address of SHARED_MAILBOXES) {
      await tx.insert(exchangeRecipients).values({ tenantId: tenant.id, address, kind: "shared", isLicensed: false });
    }

    const approver = userIds.get("ava")!;
    for (const environment of DEMO_ENVIRONMENTS)
      await seedDemoEnvironment(tx, { tenantId: tenant.id, environment, people: userIds, approver, now });

    await appendDemoEvent(tx, now);
  });
}

async function appendDemoEvent(tx: Tx, now: Date) {
  await appendAuditEvent(tx, {
    action: "DemoTenantSeeded",
    actor: null,
    target: { type: "tenant", id: DEMO_TENANT.domain, label: DEMO_TENANT.name },
    origin: NO_ORIGIN,
    at: now,
  });
}

/** Seeds the demo when the database has no tenant yet. Returns whether it did. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  const existing = await first(db.select({ id: tenants.id }).from(tenants).limit(1));
  if (existing) return false;
  await seedDemo(db);
  return true;
}
