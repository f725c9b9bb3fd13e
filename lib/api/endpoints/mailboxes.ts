import { z } from "zod";
import { line } from "@/lib/form-schemas";
import { activeMembership } from "@/lib/policy/actor";
import { approvalDecider, type ApprovalPath } from "@/lib/policy/approval";
import { EMAIL_STATUS } from "@/lib/policy/catalog";
import { explainApproval } from "@/lib/services/mailboxes/approval-explainer";
import { findVisibleMailbox, mailboxFacts } from "@/lib/services/mailboxes/details";
import { cursorOf, listMailboxes, MAILBOX_SORTS, MAILBOX_VIEWS, type Cursor } from "@/lib/services/mailboxes/grid";
import { getApprovalSettings } from "@/lib/services/settings/email-settings";
import { findEnvironmentPage } from "@/lib/services/settings/environments";
import { decodeCursor, encodeCursor } from "../cursor";
import { defineEndpoint, json } from "../endpoint";
import { notFound } from "../errors";
import { ConditionSchema, conditionsOf, MailboxSummary, methodLabels, summaryOf } from "../mailbox-schemas";
import { cursorParam, EnvironmentPath, idParam, slugParam } from "../params";

export const MAX_PAGE = 500;

const MailboxListQuery = z.object({
  view: z.enum(MAILBOX_VIEWS).default("active").meta({ description: "The grid's views; `mine` is your own mailbox." }),
  q: line.trim().max(200).default("").meta({ description: "Name or address contains this (case-insensitive)." }),
  sort: z.enum(MAILBOX_SORTS).default("name"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  cursor: cursorParam,
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE)
    .default(50)
    .meta({ description: `Rows a page, at most ${MAX_PAGE}.` }),
});

const MailboxPage = z
  .object({
    items: z.array(MailboxSummary),
    total: z
      .int()
      .meta({ description: "Mailboxes in the view with this search (at most 10,000 counted with a search)." }),
    isTotalCapped: z.boolean().meta({ description: "The search matches more than `total`." }),
    nextCursor: z.string().nullable().meta({ description: "Send as `cursor` for the next page; null on the last." }),
  })
  .meta({ id: "MailboxPage" });

export const listMailboxesEndpoint = defineEndpoint({
  method: "GET",
  path: "/environments/{slug}/mailboxes",
  operationId: "listMailboxes",
  summary: "A page of the mailboxes grid",
  description:
    "The grid's views, search and sorts, paged by keyset: every page costs the same, however deep. Each row says whether the token's owner may approve or reject it, and why not.",
  tag: "Mailboxes",
  scopes: ["mailboxes.read"],
  params: EnvironmentPath,
  query: MailboxListQuery,
  responses: { 200: { description: "One page.", schema: MailboxPage } },
  errors: [404],
  run: async ({ params, query }, { db, actor, now }) => {
    const environment = await findEnvironmentPage(db, actor, params.slug, "mailboxes", now);
    if (!environment) throw notFound();
    const order = `${query.sort}:${query.dir}`;
    const after = decodeCursor(query.cursor, order, 2) as Cursor | null;
    const page = await listMailboxes(db, {
      environmentId: environment.id,
      view: query.view,
      q: query.q,
      sort: query.sort,
      dir: query.dir,
      after,
      before: null,
      ownEnvironmentUserId: activeMembership(actor, environment.id)?.environmentUserId ?? null,
      limit: query.limit,
    });
    const settings = await getApprovalSettings(db, environment);
    // The owner's rights worked out once for the page, as the grid does: each row adds only its own.
    const decideApprove = approvalDecider(actor, environment.id, settings, "approve", now);
    const decideReject = approvalDecider(actor, environment.id, settings, "reject", now);
    const last = page.rows.at(-1);
    return json(200, {
      items: page.rows.map((row) => {
        const facts = mailboxFacts({ ...row, environmentId: environment.id });
        return summaryOf(row, { approve: decideApprove(facts), reject: decideReject(facts) });
      }),
      total: page.total,
      isTotalCapped: page.isTotalCapped,
      nextCursor: page.hasNext && last ? encodeCursor(order, cursorOf(last, query.sort)) : null,
    } satisfies z.input<typeof MailboxPage>);
  },
});

const PATHS: Record<ApprovalPath, "tenantAdmin" | "delegatedApprover" | "selfApproval"> = {
  "tenant-admin": "tenantAdmin",
  "delegated-approver": "delegatedApprover",
  "self-approval": "selfApproval",
};

const MailboxDetail = MailboxSummary.extend({
  ownerName: z.string().nullable(),
  regardingName: z.string().nullable(),
  incomingMethod: z.int(),
  incomingMethodLabel: z.string(),
  outgoingMethod: z.int(),
  outgoingMethodLabel: z.string(),
  actMethod: z.int(),
  actMethodLabel: z.string(),
  approvedOn: z.iso.datetime().nullable(),
  isApprovedByTenantAdmin: z.boolean(),
  testLastAttemptedBy: z.string().nullable(),
  testLastAttemptedOn: z.iso.datetime().nullable(),
  approval: z
    .object({
      closestPath: z.enum(["tenantAdmin", "delegatedApprover", "selfApproval"]),
      paths: z.object({
        tenantAdmin: z.array(ConditionSchema),
        delegatedApprover: z.array(ConditionSchema),
        selfApproval: z.array(ConditionSchema),
      }),
      whoCanApprove: z.array(z.object({ name: z.string(), email: z.string(), via: z.string() })),
      ownerCanSelfApprove: z
        .string()
        .nullable()
        .meta({ description: "The owner's name, when self-approval holds for them." }),
    })
    .meta({
      description: "The explainer: each condition of each path for the token's owner, and who can approve it now.",
    }),
}).meta({ id: "MailboxDetail" });

const MailboxPath = z.object({ slug: slugParam, id: idParam("The mailbox's id.") });

export const getMailboxEndpoint = defineEndpoint({
  method: "GET",
  path: "/environments/{slug}/mailboxes/{id}",
  operationId: "getMailbox",
  summary: "One mailbox, with who can approve it and why the caller can or cannot",
  description:
    "The mailbox form and its explainer. `ETag` is the row version: send it as `If-Match` to approve or reject exactly this state, or as `If-None-Match` to get 304 when nothing changed.",
  tag: "Mailboxes",
  scopes: ["mailboxes.read"],
  params: MailboxPath,
  requestHeaders: z.object({
    "if-none-match": z.string().optional().meta({ description: "An ETag from before: 304 while it still matches." }),
  }),
  responses: {
    200: {
      description: "The mailbox.",
      schema: MailboxDetail,
      headers: z.object({ ETag: z.string().meta({ description: 'The row version, quoted: "7".' }) }),
    },
    304: { description: "Unchanged since the ETag sent as If-None-Match." },
  },
  errors: [404],
  run: async ({ params, headers }, { db, actor, now }) => {
    const found = await findVisibleMailbox(db, actor, params.slug, params.id, now);
    if (!found) throw notFound();
    const { environment, mailbox } = found;
    const etag = `"${mailbox.version}"`;
    if (headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: { ETag: etag } });
    const why = await explainApproval(db, actor, environment, mailbox, now);
    const summary = summaryOf(
      { ...mailbox, serverProfileName: mailbox.profileName },
      { approve: why.approve, reject: why.reject },
    );
    return json(
      200,
      {
        ...summary,
        emailStatusLabel: (EMAIL_STATUS as Record<number, string>)[mailbox.emailStatus] ?? String(mailbox.emailStatus),
        ownerName: mailbox.ownerName,
        regardingName: mailbox.regardingName,
        incomingMethod: mailbox.incomingMethod,
        incomingMethodLabel: methodLabels.incoming(mailbox.incomingMethod),
        outgoingMethod: mailbox.outgoingMethod,
        outgoingMethodLabel: methodLabels.outgoing(mailbox.outgoingMethod),
        actMethod: mailbox.actMethod,
        actMethodLabel: methodLabels.act(mailbox.actMethod),
        approvedOn: mailbox.approvedOn?.toISOString() ?? null,
        isApprovedByTenantAdmin: mailbox.isApprovedByTenantAdmin,
        testLastAttemptedBy: mailbox.testLastAttemptedByName,
        testLastAttemptedOn: mailbox.testLastAttemptedOn?.toISOString() ?? null,
        approval: {
          closestPath: PATHS[why.approve.closestPath],
          paths: {
            tenantAdmin: conditionsOf(why.approve.paths["tenant-admin"]),
            delegatedApprover: conditionsOf(why.approve.paths["delegated-approver"]),
            selfApproval: conditionsOf(why.approve.paths["self-approval"]),
          },
          whoCanApprove: why.approvers,
          ownerCanSelfApprove: why.ownerCanSelfApprove?.name ?? null,
        },
      } satisfies z.input<typeof MailboxDetail>,
      { ETag: etag },
    );
  },
});
