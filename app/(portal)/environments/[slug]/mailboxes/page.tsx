import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { z } from "zod";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { activeMembership } from "@/lib/policy/actor";
import { cursorOf, listMailboxes, MAILBOX_SORTS, MAILBOX_VIEWS, type Cursor } from "@/lib/services/mailboxes/grid";
import { Notice } from "@/components/ui/notice";
import { listVisibleJobs } from "@/lib/services/jobs/app-runner";
import { kindsSyncingWithoutApproval } from "@/lib/policy/test-and-enable";
import { PENDING_AGE_LABELS, PENDING_AGES } from "@/lib/services/mailboxes/pending-age";
import { getApprovalSettings, getProcessingSettings } from "@/lib/services/settings/email-settings";
import { environmentHref } from "../../../_components/environment-pages";
import { ApprovalOffNotice } from "./_components/approval-off-notice";
import { BackgroundRuns } from "./_components/background-runs";
import { MailboxGrid } from "./_components/mailbox-grid";
import { MailboxViews } from "./_components/mailbox-views";
import { listAcceptedDomains } from "@/lib/services/settings/accepted-domains";
import { gridRows } from "./grid-rows";
import { viewerTimeZone } from "@/lib/time/viewer-zone";
import { getHiddenMailboxColumns } from "@/lib/services/identity/preferences";

export const metadata: Metadata = { title: "Mailboxes · Mailgate" };

const cursor = z
  .string()
  .transform((raw): Cursor | null => {
    try {
      const value = JSON.parse(Buffer.from(raw, "base64url").toString());
      return Array.isArray(value) && value.length === 2 && Number.isInteger(value[1]) ? (value as Cursor) : null;
    } catch {
      return null;
    }
  })
  .nullable()
  .catch(null);

const Query = z.object({
  view: z.enum(MAILBOX_VIEWS).catch("active"),
  q: z.string().trim().max(200).catch(""),
  sort: z.enum(MAILBOX_SORTS).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  after: cursor,
  before: cursor,
  age: z.enum(PENDING_AGES).nullable().catch(null),
  digest: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable().catch(null),
});

/** How long a finished background run stays on top of the grid. */
const RECENT_RUNS_MS = 60 * 60 * 1000;

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");

export default async function MailboxesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { slug } = await params;
  const { actor, environment, now } = await requireEnvironmentPage(slug, "mailboxes");
  const raw = await searchParams;
  const query = Query.parse({
    view: raw.view,
    q: raw.q ?? "",
    // The Pending view opens oldest-waiting first (pending_since, on the partial index of pending mailboxes).
    sort: raw.sort ?? (raw.view === "pending" ? "pendingSince" : undefined),
    dir: raw.dir,
    after: raw.after ?? null,
    before: raw.before ?? null,
    age: raw.age ?? null,
    digest: raw.digest ?? null,
  });
  // The age and digest filters belong to the Pending view.
  const filters = query.view === "pending" ? { age: query.age, digestId: query.digest } : { age: null, digestId: null };
  const db = getDb();
  const own = activeMembership(actor, environment.id)?.environmentUserId ?? null;
  const { rows, total, isTotalCapped, hasNext, hasPrevious } = await listMailboxes(db, {
    environmentId: environment.id,
    ...query,
    ...filters,
    now,
    ownEnvironmentUserId: own,
  });
  const settings = await getApprovalSettings(db, environment);

  const grid = gridRows(rows, {
    actor,
    environmentId: environment.id,
    settings,
    now,
    zone: await viewerTimeZone(),
    acceptedDomains: await listAcceptedDomains(db),
  });
  const first = rows[0];
  const last = rows.at(-1);

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(slug) },
          { label: "Mailboxes" },
        ]}
        title="Mailboxes"
        description={
          <>
            Approving or rejecting 1,000 mailboxes or more runs in the background;{" "}
            <Link className="font-semibold text-brand underline" href={environmentHref(slug, "jobs")}>
              Background jobs
            </Link>{" "}
            lists every run and its result.
          </>
        }
      />
      <ApprovalOffNotice
        slug={slug}
        kinds={kindsSyncingWithoutApproval(await getProcessingSettings(db, environment))}
        canOpenSettings={environment.access.pages.has("email-settings")}
      />
      <BackgroundRuns
        slug={slug}
        jobs={await listVisibleJobs(db, environment, {
          page: "mailboxes",
          startedById: actor.id,
          activeOrEndedSince: new Date(now.getTime() - RECENT_RUNS_MS),
          limit: 3,
        })}
      />
      <MailboxViews slug={slug} view={query.view} q={query.q} />
      {(filters.age || filters.digestId) && (
        <div className="mb-3">
          <Notice tone="info" title="Filtered">
            {filters.age
              ? `Showing mailboxes pending for ${PENDING_AGE_LABELS[filters.age].toLowerCase()}.`
              : "Showing the mailboxes of one approvers' digest that are still pending."}{" "}
            <Link
              className="font-semibold text-brand hover:underline"
              href={`${environmentHref(slug, "mailboxes")}?view=pending`}
            >
              Show all pending
            </Link>
          </Notice>
        </div>
      )}
      <MailboxGrid
        slug={slug}
        environmentId={environment.id}
        view={query.view}
        q={query.q}
        age={filters.age}
        digest={filters.digestId}
        sort={query.sort}
        dir={query.dir}
        rows={grid.rows}
        refusals={grid.refusals}
        names={grid.names}
        total={total}
        isTotalCapped={isTotalCapped}
        nextCursor={hasNext && last ? encode(cursorOf(last, query.sort)) : null}
        previousCursor={hasPrevious && first ? encode(cursorOf(first, query.sort)) : null}
        hiddenColumns={await getHiddenMailboxColumns(db, actor)}
      />
    </>
  );
}
