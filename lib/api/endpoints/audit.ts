import { z } from "zod";
import { exportAuditEvents, openAuditLog } from "@/lib/services/audit/access";
import { searchAuditEvents, type AuditEventRow, type AuditFilters } from "@/lib/services/audit/search";
import { findVisibleEnvironment } from "@/lib/services/settings/environments";
import { decodeCursor, encodeCursor } from "../cursor";
import { defineEndpoint, json, type ApiContext } from "../endpoint";
import { ApiFailure, refusalFailure } from "../errors";
import { ndjsonStream } from "../ndjson";
import { cursorParam } from "../params";

/** The audit log as its page filters it (DOMAIN §11: each reader sees their scope), paged by keyset, and its export. */

const DAY_MS = 24 * 60 * 60_000;
const text = z.string().trim().min(1).max(200).optional();
const instant = (edge: "from" | "to") =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })])
    .optional()
    .meta({
      description:
        edge === "from"
          ? "From this instant, or from the start of this UTC day (YYYY-MM-DD)."
          : "Before this instant, or up to the end of this UTC day (YYYY-MM-DD).",
    });

const AuditFilterQuery = z.object({
  actor: text.meta({ description: "A sign-in name: exactly that person, or part of the name recorded." }),
  action: text.meta({ description: "An action, e.g. MailboxApproved." }),
  environment: z.string().max(64).optional().meta({ description: "An environment's slug." }),
  targetType: text,
  target: text.meta({ description: "Part of the target's label as recorded." }),
  from: instant("from"),
  to: instant("to"),
  q: text.meta({ description: "Free text in the action, actor, target, reason, before and after." }),
});
const AuditPageQuery = AuditFilterQuery.extend({
  cursor: cursorParam,
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const AuditEvent = z
  .object({
    seq: z.int(),
    at: z.iso.datetime(),
    actor: z.object({ id: z.int().nullable(), upn: z.string().nullable() }).nullable(),
    action: z.string(),
    environmentId: z.int().nullable(),
    target: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }).nullable(),
    before: z.unknown().meta({ description: "What changed, as it was (JSON), or null." }),
    after: z.unknown().meta({ description: "What changed, as it became (JSON), or null." }),
    reason: z.string().nullable(),
    clientIp: z.string().nullable(),
    userAgent: z.string().nullable(),
    token: z
      .object({ id: z.int(), name: z.string().nullable() })
      .nullable()
      .meta({ description: "The personal access token the change was made with, if any." }),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: "AuditEvent" });

const parse = (text: string | null) => {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

export const eventOf = (e: AuditEventRow): z.input<typeof AuditEvent> => ({
  seq: e.seq,
  at: e.at.toISOString(),
  actor: e.actorId === null && e.actorUpn === null ? null : { id: e.actorId, upn: e.actorUpn },
  action: e.action,
  environmentId: e.environmentId,
  target: e.targetType === null ? null : { type: e.targetType, id: e.targetId, label: e.targetLabel },
  before: parse(e.before),
  after: parse(e.after),
  reason: e.reason,
  clientIp: e.clientIp,
  userAgent: e.userAgent,
  token: e.tokenId === null ? null : { id: e.tokenId, name: e.tokenName },
  prevHash: e.prevHash,
  hash: e.hash,
});

/** The filters as the audit search takes them; a date is a whole UTC day, as on the audit page. */
async function filtersOf({ db, actor, now }: ApiContext, q: z.output<typeof AuditFilterQuery>): Promise<AuditFilters> {
  const { environment: slug, from: start, to: end, ...rest } = q;
  let environmentId: number | undefined;
  if (slug !== undefined) {
    const environment = await findVisibleEnvironment(db, actor, slug, now);
    if (!environment)
      throw new ApiFailure(422, {
        code: null,
        reason: "INVALID_INPUT",
        message: "There is no such environment for you.",
        details: { in: "query", field: "environment" },
      });
    environmentId = environment.id;
  }
  const day = (value: string) => value.length === 10;
  const from = start === undefined ? undefined : new Date(day(start) ? `${start}T00:00:00Z` : start);
  const to =
    end === undefined
      ? undefined
      : day(end)
        ? new Date(new Date(`${end}T00:00:00Z`).getTime() + DAY_MS)
        : new Date(end);
  return { ...rest, environmentId, from, to };
}

const AuditPage = z
  .object({
    items: z.array(AuditEvent),
    nextCursor: z.string().nullable().meta({ description: "Older events: send as `cursor`; null at the oldest." }),
  })
  .meta({ id: "AuditPage" });

export const listAuditEndpoint = defineEndpoint({
  method: "GET",
  path: "/audit",
  operationId: "listAuditEvents",
  summary: "The audit log, newest first",
  description:
    "What the token's owner may read of the audit log (tenant admins everything, Exchange admins the mailbox and delegation events, a System Administrator their environments, everyone their own actions), with the audit page's filters.",
  tag: "Audit",
  scopes: ["audit.read"],
  query: AuditPageQuery,
  responses: { 200: { description: "One page.", schema: AuditPage } },
  errors: [403],
  run: async ({ query }, ctx) => {
    const log = openAuditLog(ctx.actor, ctx.now);
    if (!log.ok) throw refusalFailure(log);
    const position = decodeCursor(query.cursor, "seq", 1);
    const page = await searchAuditEvents(
      ctx.db,
      log.scope,
      await filtersOf(ctx, query),
      position ? { before: position[0] as number } : {},
      query.limit,
    );
    return json(200, {
      items: page.rows.map(eventOf),
      nextCursor: page.olderCursor === null ? null : encodeCursor("seq", [page.olderCursor]),
    } satisfies z.input<typeof AuditPage>);
  },
});

export const exportAuditEndpoint = defineEndpoint({
  method: "GET",
  path: "/audit/export",
  operationId: "exportAuditEvents",
  summary: "Every matching audit event, streamed as NDJSON",
  description: "One AuditEvent a line, newest first, from one consistent snapshot of the log.",
  tag: "Audit",
  scopes: ["audit.read"],
  query: AuditFilterQuery,
  responses: {
    200: { description: "One event per line.", schema: AuditEvent, contentType: "application/x-ndjson" },
  },
  errors: [403],
  run: async ({ query }, ctx) => {
    const log = openAuditLog(ctx.actor, ctx.now);
    if (!log.ok) throw refusalFailure(log);
    const { events, close } = await exportAuditEvents(ctx.db, log.scope, await filtersOf(ctx, query));
    return new Response(ndjsonStream(events, eventOf, close), {
      headers: { "Content-Type": "application/x-ndjson; charset=utf-8" },
    });
  },
});
