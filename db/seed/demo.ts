import type { Db, Tx } from "@/db/client";
import {
  directoryUsers,
  environmentUsers,
  exchangeRecipients,
  mailboxes,
  queues,
  teamMembers,
  teamRoleAssignments,
  teams,
  tenantRoleAssignments,
  tenants,
  userRoleAssignments,
} from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { EmailStatus, TestStatus } from "@/lib/policy/catalog";
import { appendAuditEvent, NO_ORIGIN } from "@/lib/services/audit/log";
import {
  DEMO_ENVIRONMENTS,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  DEMO_TENANT,
  SHARED_MAILBOXES,
  upnOf,
  type DemoMailbox,
} from "./demo-data";
import { provisionEnvironment } from "./provision";

/** Seeds the Contoso demo tenant in one transaction. Call only on an empty database. */
export async function seedDemo(db: Db, now = new Date()): Promise<void> {
  // One hash for all: every demo password is the same published one, so salting each buys nothing.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  db.transaction(
    (tx) => {
      const tenant = tx.insert(tenants).values(DEMO_TENANT).returning({ id: tenants.id }).get();
      const userIds = new Map<string, { id: number; name: string }>();
      DEMO_PEOPLE.forEach((p) => {
        const upn = upnOf(p.alias);
        const row = tx
          .insert(directoryUsers)
          .values({
            tenantId: tenant.id,
            upn,
            displayName: p.name,
            isEnabled: p.isEnabled,
            passwordHash,
            createdAt: now,
          })
          .returning({ id: directoryUsers.id })
          .get();
        userIds.set(p.alias, { id: row.id, name: p.name });
        for (const role of p.tenantRoles) {
          tx.insert(tenantRoleAssignments).values({ directoryUserId: row.id, role, assignedAt: now }).run();
        }
        if (p.exchange !== "none") {
          tx.insert(exchangeRecipients)
            .values({ tenantId: tenant.id, address: upn, kind: "user", isLicensed: p.exchange === "licensed" })
            .run();
        }
      });
      for (const address of SHARED_MAILBOXES) {
        tx.insert(exchangeRecipients).values({ tenantId: tenant.id, address, kind: "shared", isLicensed: false }).run();
      }

      const approver = userIds.get("ava")!;
      for (const envData of DEMO_ENVIRONMENTS) {
        const env = provisionEnvironment(tx, { tenantId: tenant.id, ...envData, now });
        const mailboxBase = { environmentId: env.environmentId, serverProfileId: env.serverProfileId, createdAt: now };
        const envUserIds = new Map<string, number>();

        for (const member of envData.members) {
          const person = DEMO_PEOPLE.find((p) => p.alias === member.alias)!;
          const dir = userIds.get(member.alias)!;
          const email = member.email ?? upnOf(member.alias);
          const eu = tx
            .insert(environmentUsers)
            .values({
              environmentId: env.environmentId,
              directoryUserId: dir.id,
              fullName: dir.name,
              email,
              isEnabled: person.isEnabled,
              createdAt: now,
            })
            .returning({ id: environmentUsers.id })
            .get();
          envUserIds.set(member.alias, eu.id);
          for (const role of member.roles) {
            tx.insert(userRoleAssignments)
              .values({
                environmentUserId: eu.id,
                roleId: env.roleIds[role],
                assignedById: approver.id,
                assignedAt: now,
              })
              .run();
          }
          tx.insert(mailboxes)
            .values({
              ...mailboxBase,
              name: dir.name,
              emailAddress: email,
              regardingType: "user",
              regardingUserId: eu.id,
              ownerId: eu.id,
              ...mailboxState(member.mailbox, approver, now),
            })
            .run();
        }

        for (const team of envData.teams) {
          const t = tx
            .insert(teams)
            .values({
              environmentId: env.environmentId,
              name: team.name,
              type: team.type,
              entraGroupId: team.type === "entra_group" ? crypto.randomUUID() : null,
              createdAt: now,
            })
            .returning({ id: teams.id })
            .get();
          for (const alias of team.members) {
            tx.insert(teamMembers)
              .values({ teamId: t.id, environmentUserId: envUserIds.get(alias)! })
              .run();
          }
          for (const role of team.roles) {
            tx.insert(teamRoleAssignments)
              .values({ teamId: t.id, roleId: env.roleIds[role], assignedById: approver.id, assignedAt: now })
              .run();
          }
        }

        for (const queue of envData.queues) {
          const ownerId = envUserIds.get(queue.owner)!;
          const q = tx
            .insert(queues)
            .values({ environmentId: env.environmentId, name: queue.name, email: queue.email, ownerId, createdAt: now })
            .returning({ id: queues.id })
            .get();
          tx.insert(mailboxes)
            .values({
              ...mailboxBase,
              name: queue.name,
              emailAddress: queue.email,
              regardingType: "queue",
              regardingQueueId: q.id,
              ownerId,
              ...mailboxState(queue.mailbox, approver, now),
            })
            .run();
        }
      }

      appendDemoEvent(tx, now);
    },
    { behavior: "immediate" },
  );
}

function mailboxState(m: DemoMailbox, approver: { id: number; name: string }, now: Date) {
  const approved = m.status === EmailStatus.Approved;
  const tested = m.isTested === true;
  const result = tested ? TestStatus.Success : TestStatus.NotRun;
  const isPending = m.status === EmailStatus.Empty || m.status === EmailStatus.PendingApproval;
  return {
    emailStatus: m.status,
    pendingSince: isPending ? new Date(now.getTime() - (m.pendingHours ?? 0) * 3_600_000) : null,
    isActive: m.isActive ?? true,
    approvedById: approved ? approver.id : null,
    approvedByName: approved ? approver.name : null,
    approvedOn: approved ? now : null,
    isApprovedByTenantAdmin: approved,
    incomingStatus: result,
    outgoingStatus: result,
    actStatus: result,
    mailboxStatus: result,
    isIncomingEnabled: tested,
    isOutgoingEnabled: tested,
    isActEnabled: tested,
    testCompletedOn: tested ? now : null,
    testLastAttemptedById: tested ? approver.id : null,
    testLastAttemptedOn: tested ? now : null,
  };
}

function appendDemoEvent(tx: Tx, now: Date) {
  appendAuditEvent(tx, {
    action: "DemoTenantSeeded",
    actor: null,
    target: { type: "tenant", id: DEMO_TENANT.domain, label: DEMO_TENANT.name },
    origin: NO_ORIGIN,
    at: now,
  });
}

/** Seeds the demo when the database has no tenant yet. Returns whether it did. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  const existing = db.select({ id: tenants.id }).from(tenants).limit(1).get();
  if (existing) return false;
  await seedDemo(db);
  return true;
}
