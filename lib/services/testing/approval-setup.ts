import type { Db } from "@/db/client";
import { mailboxes, queues } from "@/db/schema";
import { EmailStatus } from "@/lib/policy/catalog";
import { withTransaction } from "@/db/transaction";
import type { DelegationTerms } from "@/lib/policy/delegation-terms";
import { delegateMailboxApprover } from "../delegation/role-assignments";
import { createJobRunner, type RunnerOptions } from "../jobs/runner";
import { MAILBOX_APPROVAL, mailboxApprovalKind } from "../mailboxes/approval-job";
import type { ActionContext } from "../result";
import { demoLookups } from "./demo-lookups";

/** The setup approval tests share on the seeded Contoso demo. */

/** user21–user35: pending approval in the demo. */
export const PENDING = Array.from({ length: 15 }, (_, i) => `user${i + 21}@contoso.com`);

/**
 * dana, System Administrator of Production, made a Delegated Mailbox Approver there by ava, so she
 * may approve (a System Administrator alone may not).
 */
export async function makeDanaApprover(
  db: Db,
  ctx: ActionContext,
  terms: DelegationTerms = { justification: "test", endsAt: null },
): Promise<void> {
  const { actorOf, PROD, envUserId } = demoLookups(() => db);
  const result = await delegateMailboxApprover(
    db,
    await actorOf("ava"),
    { environmentId: await PROD(), environmentUserId: await envUserId("dana"), terms, alsoSystemAdministrator: false },
    ctx,
  );
  if (!result.ok) throw new Error(`dana was not made an approver: ${result.message}`);
}

/** A runner of approval jobs alone, whose batches run as the test drives them (or settle on their own). */
export const approvalRunner = (options: RunnerOptions) =>
  createJobRunner({ [MAILBOX_APPROVAL]: mailboxApprovalKind }, options);

/**
 * `n` pending queue mailboxes added to Production on its default server profile, named
 * "`prefix` 0" … (addresses `prefix`0@contoso.com …), so a real selection reaches the background
 * threshold. In one transaction, a thousand rows to a statement (within SQLite's bound-value limit).
 */
export async function addPendingQueueMailboxes(db: Db, n: number, prefix: string, at: Date): Promise<void> {
  const { PROD, defaultProfileId } = demoLookups(() => db);
  const profile = await defaultProfileId();
  const prod = await PROD();
  const added = Array.from({ length: n }, (_, i) => ({
    name: `${prefix} ${i}`,
    email: `${prefix.toLowerCase().replaceAll(" ", ".")}${i}@contoso.com`,
  }));
  await withTransaction(db, async () => {
    for (let from = 0; from < n; from += 1000) {
      const chunk = added.slice(from, from + 1000);
      const made = await db
        .insert(queues)
        .values(chunk.map(({ name, email }) => ({ environmentId: prod, name, email, createdAt: at })))
        .returning({ id: queues.id, name: queues.name });
      const queueOf = new Map(made.map((q) => [q.name, q.id]));
      await db.insert(mailboxes).values(
        chunk.map(({ name, email }) => ({
          environmentId: prod,
          serverProfileId: profile,
          name,
          emailAddress: email,
          regardingType: "queue" as const,
          regardingQueueId: queueOf.get(name)!,
          emailStatus: EmailStatus.PendingApproval,
          createdAt: at,
        })),
      );
    }
  });
}
