import { getDb } from "@/db/client";
import { getActor } from "@/lib/auth/current-actor";
import { OUTCOME_LABELS } from "@/lib/policy/access-review";
import { getAccessReview, listReviewItems } from "@/lib/services/reviews";
import { csvLine } from "../../../../audit/export/[format]/serialize";

// Times are ISO 8601 in UTC whatever the viewer's zone, and their column names say so.
const HEADER = [
  "environment",
  "holder",
  "email",
  "assigned_on_utc",
  "end_date_utc",
  "justification",
  "last_approval_with_role_utc",
  "answer",
  "note",
  "answered_by",
  "answered_on_utc",
  "outcome",
];

/**
 * A review's result (or its state so far) as CSV, one row per holder. A route handler is a public
 * endpoint: it checks the actor itself, and answers "not found" to anyone who may not see the review.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  const actor = await getActor();
  const db = getDb();
  const review = Number.isSafeInteger(id) && id > 0 ? await getAccessReview(db, actor, id, new Date()) : null;
  if (!review)
    return new Response("Not found.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { rows } = (await listReviewItems(db, actor, id, { view: "all", page: null }))!;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const body =
    csvLine(HEADER) +
    rows
      .map((r) =>
        csvLine([
          r.environment,
          r.holderName,
          r.holderEmail,
          iso(r.assignedAt),
          iso(r.endsAt),
          r.justification,
          iso(r.lastApprovalAt),
          r.decision,
          r.note,
          r.decidedBy,
          iso(r.decidedAt),
          r.outcome ? OUTCOME_LABELS[r.outcome] : null,
        ]),
      )
      .join("");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="access-review-${id}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
