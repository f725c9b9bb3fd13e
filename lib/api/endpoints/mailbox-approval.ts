import { z } from "zod";
import type { ApiScope } from "@/lib/policy/api-tokens";
import { runApproval } from "@/lib/services/mailboxes/run-approval";
import type { ApprovalOperation } from "@/lib/services/mailboxes/approvals";
import { findVisibleMailbox } from "@/lib/services/mailboxes/details";
import { findVisibleEnvironment } from "@/lib/services/settings/environments";
import { defineEndpoint, json, type ApiContext } from "../endpoint";
import { notFound, refusalFailure, statusOfRefusal } from "../errors";
import { RejectionReason, RowOutcomeSchema } from "../mailbox-schemas";
import { idParam, slugParam } from "../params";

/**
 * One mailbox's Approve / Reject, with HTTP's own concurrency check: `If-Match` carries the ETag
 * (row version) of GET /mailboxes/{id}; a mailbox changed since answers 412, like STALE_VERSION in
 * the grid. Without If-Match the mailbox is decided as it is.
 */

const SingleResult = RowOutcomeSchema.extend({
  version: z.int().meta({ description: "The mailbox's version now (also its new ETag)." }),
}).meta({ id: "MailboxApprovalResult" });

/** `"7"` → 7; `*` or none → null (any version); anything else matches no version. */
export function versionOfIfMatch(header: string | null): number | null {
  if (header === null || header.trim() === "*") return null;
  const match = /^\s*"(\d{1,15})"\s*$/.exec(header);
  return match ? Number(match[1]) : -1;
}

function specFor(operation: ApprovalOperation) {
  const verb = operation === "approve" ? "Approve" : "Reject";
  return {
    method: "POST" as const,
    path: `/environments/{slug}/mailboxes/{id}/${operation}`,
    operationId: `${operation}Mailbox`,
    summary: `${verb} one mailbox's email address`,
    description: `${verb} one mailbox. Send its ETag as If-Match to act only on the state you read: a change made meanwhile answers 412 with STALE_VERSION. Already as asked: 200 with outcome \`unchanged\`.`,
    tag: "Approval",
    scopes: ["mailboxes.approve"] satisfies ApiScope[],
    params: z.object({ slug: slugParam, id: idParam("The mailbox's id.") }),
    requestHeaders: z.object({
      "if-match": z.string().optional().meta({ description: 'The ETag of GET /mailboxes/{id}, e.g. "7".' }),
    }),
    responses: {
      200: {
        description: "Changed, or already as asked.",
        schema: SingleResult,
        headers: z.object({ ETag: z.string() }),
      },
    },
    errors: [403, 404, 412],
  };
}

type One = { params: { slug: string; id: number }; headers: Headers };

async function decideOne(
  operation: ApprovalOperation,
  { params, headers }: One,
  { db, actor, origin, now }: ApiContext,
  reason?: string,
): Promise<Response> {
  const environment = await findVisibleEnvironment(db, actor, params.slug, now);
  if (!environment) throw notFound();
  const version = versionOfIfMatch(headers.get("if-match"));
  const result = await runApproval(
    db,
    actor,
    { environmentId: environment.id, items: [{ id: params.id, version }], operation, reason },
    { origin, now },
  );
  if (!result.ok) throw refusalFailure(result);
  const outcome = result.outcomes![0]!;
  if (outcome.outcome === "refused") {
    const refusal = { ok: false as const, code: outcome.code, reason: outcome.reason, message: outcome.message };
    throw refusalFailure(refusal, outcome.reason === "STALE_VERSION" ? 412 : statusOfRefusal(refusal));
  }
  const current = (await findVisibleMailbox(db, actor, params.slug, params.id, now))!.mailbox.version;
  return json(200, { ...outcome, version: current } satisfies z.input<typeof SingleResult>, {
    ETag: `"${current}"`,
  });
}

export const approveMailboxEndpoint = defineEndpoint({
  ...specFor("approve"),
  run: (input, ctx) => decideOne("approve", input, ctx),
});
export const rejectMailboxEndpoint = defineEndpoint({
  ...specFor("reject"),
  body: z.object({ reason: RejectionReason }).strict().meta({ id: "MailboxRejection" }),
  run: (input, ctx) => decideOne("reject", input, ctx, input.body.reason),
});
