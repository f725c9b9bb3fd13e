import { z } from "zod";
import { line, versionField } from "@/lib/form-schemas";
import { runApproval } from "@/lib/services/mailboxes/run-approval";
import {
  claimApprovalSnapshot,
  precheckWithSnapshot,
  SNAPSHOT_TTL_MS,
} from "@/lib/services/mailboxes/approval-snapshots";
import type { ApprovalOperation } from "@/lib/services/mailboxes/approvals";
import { MAILBOX_VIEWS } from "@/lib/services/mailboxes/grid";
import { resolveSelection } from "@/lib/services/mailboxes/selection";
import { findVisibleEnvironment } from "@/lib/services/settings/environments";
import { defineEndpoint, json, type ApiContext } from "../endpoint";
import { ApiFailure, notFound, refusalFailure } from "../errors";
import { RejectionReason, RowOutcomeSchema } from "../mailbox-schemas";
import { EnvironmentPath, idParam } from "../params";

/** Up to this many ids in one request body (1 MB); for more, pre-check `matching` and send its snapshot. */
export const MAX_ITEMS = 10_000;

const Item = z
  .object({
    id: idParam("The mailbox's id."),
    version: versionField.optional().meta({
      description:
        "The version you saw: a mailbox changed since is refused as STALE_VERSION. Leave out to act on it as it is.",
    }),
  })
  .meta({ id: "MailboxRef" });
const Items = z.array(Item).min(1, "Send at least one mailbox.").max(MAX_ITEMS, `Send at most ${MAX_ITEMS} mailboxes.`);
const Matching = z
  .object({
    view: z.enum(MAILBOX_VIEWS),
    q: line.trim().max(200).default(""),
  })
  .meta({
    id: "Matching",
    description: "Every mailbox of a grid view with a search, as “select all matching” takes them.",
  });

const PrecheckBody = z
  .union([
    z.object({ operation: z.enum(["approve", "reject"]), items: Items }).strict(),
    z.object({ operation: z.enum(["approve", "reject"]), matching: Matching }).strict(),
  ])
  .meta({ id: "PrecheckRequest" });

const Precheck = z
  .object({
    willChange: z.int(),
    unchanged: z.int(),
    refused: z.array(z.object({ reason: z.string(), message: z.string(), count: z.int() })),
    isBackground: z.boolean().meta({ description: "From 1,000 mailboxes the run goes on in the background (202)." }),
    snapshot: z
      .string()
      .meta({ description: "Send as `snapshot` to approve or reject exactly these mailboxes, as they were now." }),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: "Precheck" });

export const precheckEndpoint = defineEndpoint({
  method: "POST",
  path: "/environments/{slug}/mailboxes/precheck",
  operationId: "precheckApproval",
  summary: "What approving or rejecting a selection would do",
  description:
    "The dialog's pre-check: how many would change, how many already are as asked, and the refusals by reason. Its snapshot fixes the mailboxes and their versions for the run that follows.",
  tag: "Approval",
  scopes: ["mailboxes.approve"],
  params: EnvironmentPath,
  body: PrecheckBody,
  responses: { 200: { description: "The pre-check and its snapshot.", schema: Precheck } },
  errors: [404],
  run: async ({ params, body }, { db, actor, now }) => {
    const environment = await findVisibleEnvironment(db, actor, params.slug, now);
    if (!environment) throw notFound();
    const selection = {
      slug: params.slug,
      environmentId: environment.id,
      items: "items" in body ? body.items.map((i) => ({ id: i.id, version: i.version ?? null })) : undefined,
      matching: "matching" in body ? body.matching : undefined,
    };
    const items = await resolveSelection(db, actor, selection, now);
    if (!items) throw notFound();
    // The grouped wording (changes) is the dialog's; the API's contract stays counts and refusals.
    const checked = await precheckWithSnapshot(
      db,
      actor,
      { environmentId: environment.id, items, operation: body.operation },
      now,
    );
    return json(200, {
      willChange: checked.willChange,
      unchanged: checked.unchanged,
      refused: checked.refused,
      isBackground: checked.isBackground,
      snapshot: checked.snapshotId,
      expiresAt: new Date(now.getTime() + SNAPSHOT_TTL_MS).toISOString(),
    } satisfies z.input<typeof Precheck>);
  },
});

const Snapshot = z.string().regex(/^[A-Za-z0-9_-]{24}$/, "Run the pre-check again.");
const RunBody = z
  .union([z.object({ items: Items }).strict(), z.object({ snapshot: Snapshot }).strict()])
  .meta({ id: "ApprovalRequest" });
const RejectBody = z
  .union([
    z.object({ items: Items, reason: RejectionReason }).strict(),
    z.object({ snapshot: Snapshot, reason: RejectionReason }).strict(),
  ])
  .meta({ id: "RejectionRequest" });

const RunResult = z
  .object({
    outcomes: z.array(RowOutcomeSchema),
    summary: z.object({ changed: z.int(), unchanged: z.int(), refused: z.int() }),
  })
  .meta({ id: "ApprovalResult" });
const Started = z
  .object({ jobId: z.int(), href: z.string().meta({ description: "Where to follow it: GET this address." }) })
  .meta({ id: "JobStarted" });

const EXPIRED = new ApiFailure(409, {
  code: null,
  reason: "PRECHECK_EXPIRED",
  message: "This snapshot has expired or was already used. Run the pre-check again.",
  details: null,
});

function runFor(operation: ApprovalOperation) {
  const verb = operation === "approve" ? "Approve" : "Reject";
  return defineEndpoint({
    method: "POST",
    path: `/environments/{slug}/mailboxes/${operation}`,
    operationId: `${operation}Mailboxes`,
    summary: `${verb} mailboxes' email addresses`,
    description: `${verb} the mailboxes listed (with the versions you saw), or exactly a pre-check's snapshot. Every row is decided by the same rules as the grid and answered as the dialog lists it; from 1,000 mailboxes the run goes on in the background: 202 and the job's address.`,
    tag: "Approval",
    scopes: ["mailboxes.approve"],
    params: EnvironmentPath,
    body: operation === "reject" ? RejectBody : RunBody,
    responses: {
      200: { description: "Each mailbox's outcome.", schema: RunResult },
      202: {
        description: "Started in the background.",
        schema: Started,
        headers: z.object({ Location: z.string().meta({ description: "The job's address." }) }),
      },
    },
    errors: [403, 404, 409],
    run: async ({ params, body }, ctx) => {
      const environment = await findVisibleEnvironment(ctx.db, ctx.actor, params.slug, ctx.now);
      if (!environment) throw notFound();
      const items =
        "items" in body
          ? body.items.map((i) => ({ id: i.id, version: i.version ?? null }))
          : await claimApprovalSnapshot(
              ctx.db,
              ctx.actor,
              { id: body.snapshot, environmentId: environment.id, operation },
              ctx.now,
            );
      if (!items) throw EXPIRED;
      return await answerRun(
        ctx,
        environment.id,
        items,
        operation,
        "reason" in body && typeof body.reason === "string" ? body.reason : undefined,
      );
    },
  });
}

/** Runs an approval as the grid's OK does, answering its outcomes (200) or its background job (202). */
export async function answerRun(
  { db, actor, origin, now }: ApiContext,
  environmentId: number,
  items: { id: number; version: number | null }[],
  operation: ApprovalOperation,
  reason?: string,
): Promise<Response> {
  const result = await runApproval(db, actor, { environmentId, items, operation, reason }, { origin, now });
  if (!result.ok) throw refusalFailure(result);
  if (result.jobId !== null) {
    const href = `/api/v1/jobs/${result.jobId}`;
    return json(202, { jobId: result.jobId, href } satisfies z.input<typeof Started>, { Location: href });
  }
  const count = (outcome: string) => result.outcomes.filter((o) => o.outcome === outcome).length;
  return json(200, {
    outcomes: result.outcomes,
    summary: { changed: count("changed"), unchanged: count("unchanged"), refused: count("refused") },
  } satisfies z.input<typeof RunResult>);
}

export const approveEndpoint = runFor("approve");
export const rejectEndpoint = runFor("reject");
