import { single } from "@/db/query";
import type { Tx } from "@/db/client";
import {
  environmentUsers,
  mailboxes,
  queues,
  teamMembers,
  teamRoleAssignments,
  teams,
  userRoleAssignments,
} from "@/db/schema";
import { EmailStatus, TestStatus } from "@/lib/policy/catalog";
import { DEMO_ENVIRONMENTS, DEMO_PEOPLE, upnOf, type DemoMailbox } from "./demo-data";
import { provisionEnvironment } from "./provision";

export type DemoEnvironment = (typeof DEMO_ENVIRONMENTS)[number];

/**
 * One demo environment — its members with their roles and mailboxes, teams and queues — for
 * directory users already seeded (`people`, by alias). The end-to-end fixtures also use it to
 * give a test a copy of Production or Sandbox of its own, under another name and slug.
 */
export async function seedDemoEnvironment(
  tx: Tx,
  input: {
    tenantId: number;
    environment: DemoEnvironment;
    people: ReadonlyMap<string, { id: number; name: string }>;
    approver: { id: number; name: string };
    now: Date;
    as?: { name: string; slug: string };
  },
): Promise<number> {
  const { tenantId, people: userIds, approver, now } = input;
  const envData = { ...input.environment, ...input.as };
  const env = await provisionEnvironment(tx, {
    tenantId,
    name: envData.name,
    slug: envData.slug,
    type: envData.type,
    now,
  });
  const mailboxBase = { environmentId: env.environmentId, serverProfileId: env.serverProfileId, createdAt: now };
  const envUserIds = new Map<string, number>();

  for (const member of envData.members) {
    const person = DEMO_PEOPLE.find((p) => p.alias === member.alias)!;
    const dir = userIds.get(member.alias)!;
    const email = member.email ?? upnOf(member.alias);
    const eu = await single(
      tx
        .insert(environmentUsers)
        .values({
          environmentId: env.environmentId,
          directoryUserId: dir.id,
          fullName: dir.name,
          email,
          isEnabled: person.isEnabled,
          createdAt: now,
        })
        .returning({ id: environmentUsers.id }),
    );
    envUserIds.set(member.alias, eu.id);
    for (const role of member.roles) {
      await tx.insert(userRoleAssignments).values({
        environmentUserId: eu.id,
        roleId: env.roleIds[role],
        assignedById: approver.id,
        assignedAt: now,
      });
    }
    await tx.insert(mailboxes).values({
      ...mailboxBase,
      name: dir.name,
      emailAddress: email,
      regardingType: "user",
      regardingUserId: eu.id,
      ownerId: eu.id,
      ...mailboxState(member.mailbox, approver, now),
    });
  }

  for (const team of envData.teams) {
    const t = await single(
      tx
        .insert(teams)
        .values({
          environmentId: env.environmentId,
          name: team.name,
          type: team.type,
          entraGroupId: team.type === "entra_group" ? crypto.randomUUID() : null,
          createdAt: now,
        })
        .returning({ id: teams.id }),
    );
    for (const alias of team.members) {
      await tx.insert(teamMembers).values({ teamId: t.id, environmentUserId: envUserIds.get(alias)! });
    }
    for (const role of team.roles) {
      await tx
        .insert(teamRoleAssignments)
        .values({ teamId: t.id, roleId: env.roleIds[role], assignedById: approver.id, assignedAt: now });
    }
  }

  for (const queue of envData.queues) {
    const ownerId = envUserIds.get(queue.owner)!;
    const q = await single(
      tx
        .insert(queues)
        .values({ environmentId: env.environmentId, name: queue.name, email: queue.email, ownerId, createdAt: now })
        .returning({ id: queues.id }),
    );
    await tx.insert(mailboxes).values({
      ...mailboxBase,
      name: queue.name,
      emailAddress: queue.email,
      regardingType: "queue",
      regardingQueueId: q.id,
      ownerId,
      ...mailboxState(queue.mailbox, approver, now),
    });
  }
  return env.environmentId;
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
