import "server-only";
import { first } from "@/db/query";
import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mailboxes } from "@/db/schema";
import { environmentAccess } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import { rejectionReasonProblem } from "@/lib/policy/notifications";
import { recordRefusedAttempt } from "../audit/refused";
import { startJob } from "../jobs/app-runner";
import { invalidInput, NOT_FOUND_RESULT, type ActionContext, type Refusal, type ServiceResult } from "../result";
import { planApprovalJob } from "./approval-job";
import { BACKGROUND_FROM, pinBackgroundRun, setApproval, type ApprovalInput, type RowOutcome } from "./approvals";
import { distinctById } from "./visibility";

export type ApprovalRun = ServiceResult<{ outcomes: RowOutcome[]; jobId: null } | { outcomes: null; jobId: number }>;

/**
 * Approve / Reject Email: a small selection at once, in one transaction; from
 * BACKGROUND_FROM rows a background job, for people who may open the mailboxes grid.
 * Either way the policy decides every row. A selection larger than the environment, or a
 * background run in which the actor could change no row, is refused whole with nothing written
 * (no job, no event): ids are cheap to send, jobs are not.
 */
export async function runApproval(
  db: Db,
  actor: Actor,
  input: ApprovalInput,
  ctx: ActionContext,
): Promise<ApprovalRun> {
  if (input.operation === "reject") {
    const problem = rejectionReasonProblem(input.reason);
    if (problem) return invalidInput("reason", problem);
  }
  const items = distinctById(input.items);
  const run = { ...input, items, reason: input.operation === "reject" ? input.reason!.trim() : null };
  const seesGrid = environmentAccess(actor, input.environmentId, ctx.now).pages.has("mailboxes");
  if (!seesGrid && items.length >= BACKGROUND_FROM) return NOT_FOUND_RESULT;
  // Only for grid users, who see the total anyway: to anyone else the answer would reveal it.
  if (seesGrid && items.length > (await countMailboxes(db, input.environmentId))) {
    return invalidInput(
      "items",
      "The selection holds more mailboxes than this environment has. Reload the grid and select again.",
    );
  }
  if (items.length < BACKGROUND_FROM) {
    const outcomes = await setApproval(db, actor, run, ctx);
    await logRefused(
      db,
      actor,
      input,
      outcomes.filter((o) => o.outcome === "refused"),
      items.length,
      ctx,
    );
    return { ok: true, message: "Done.", outcomes, jobId: null };
  }
  const pinned = await pinBackgroundRun(db, actor, run, ctx.now);
  if (pinned.noneAllowed) {
    await logRefused(db, actor, input, [pinned.noneAllowed], items.length, ctx);
    return noneApprovable(pinned.noneAllowed, items.length, input.operation);
  }
  const { jobId } = await startJob(db, await planApprovalJob(db, actor, { ...run, items: pinned.items }, ctx));
  return { ok: true, message: `Started: ${items.length} mailboxes.`, outcomes: null, jobId };
}

/** The request's refused rows, as one audit event of their own (lib/services/audit/refused.ts). */
async function logRefused(
  db: Db,
  actor: Actor,
  input: ApprovalInput,
  refused: RowOutcome[],
  selected: number,
  ctx: ActionContext,
): Promise<void> {
  const one = refused.length === 1 && selected === 1 ? refused[0]! : null;
  await recordRefusedAttempt(
    db,
    {
      action: input.operation === "approve" ? "MailboxApprovalRefused" : "MailboxRejectionRefused",
      actor,
      environmentId: input.environmentId,
      target: one ? { type: "mailbox", id: one.id, label: one.name } : null,
      refusals: refused,
      attempted: { selected },
    },
    ctx,
  );
}

async function countMailboxes(db: Db, environmentId: number): Promise<number> {
  return (
    (await first(db.select({ n: count() }).from(mailboxes).where(eq(mailboxes.environmentId, environmentId)).limit(1)))
      ?.n ?? 0
  );
}

function noneApprovable(first: RowOutcome, count: number, operation: ApprovalInput["operation"]): Refusal {
  const verb = operation === "approve" ? "approve" : "reject";
  return {
    ok: false,
    code: first.code,
    reason: first.reason,
    message: `You cannot ${verb} any of the ${count.toLocaleString("en-US")} selected mailboxes: ${first.message}`,
  };
}
