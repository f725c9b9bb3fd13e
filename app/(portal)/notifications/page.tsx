import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { z } from "zod";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { CommandBar } from "@/components/ui/command-bar";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import { Time } from "@/components/time";
import { periodicTasks } from "@/lib/services/jobs/periodic";
import { listNotifications } from "@/lib/services/notifications";
import { MarkAllReadButton, MarkReadButton } from "./_components/mark-read-button";

export const metadata: Metadata = { title: "Notifications · Mailgate" };

const Query = z.object({
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});

/** The signed-in person's notifications, newest first, 30 a page. */
export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await getActor();
  const { before } = Query.parse(await searchParams);
  const { rows, nextBefore } = await listNotifications(getDb(), actor, { before });
  const sweep = periodicTasks().status();
  const newestUnread = rows.find((n) => !n.isRead);

  return (
    <>
      <PageHeader crumbs={[{ label: "Notifications" }]} title="Notifications" />
      <CommandBar label="Notification commands">
        {newestUnread && !before ? <MarkAllReadButton upToId={rows[0]!.id} /> : null}
        <Link href="/notifications/settings" className={buttonClass("subtle")}>
          Notification settings
        </Link>
        <p className="ml-auto px-2 text-xs text-muted" data-testid="sweep-status">
          Reminders are checked every {sweep.everyMs / 1000 === 60 ? "minute" : `${sweep.everyMs / 1000} seconds`}
          {sweep.lastRunAt && (
            <>
              ; last check <Time value={sweep.lastRunAt} kind="time" />
            </>
          )}
          .
        </p>
      </CommandBar>
      {rows.length === 0 ? (
        <p className="rounded-card bg-surface p-6 text-center text-muted shadow-card">No notifications.</p>
      ) : (
        <ul aria-label="Notifications" className="space-y-2">
          {rows.map((n) => (
            <li
              key={n.id}
              aria-label={n.title}
              className={`flex items-start gap-3 rounded-card bg-surface p-4 shadow-card ${n.isRead ? "" : "border-l-4 border-brand"}`}
            >
              <div className="min-w-0 flex-1">
                <p className="font-semibold">
                  {n.title} {!n.isRead && <Badge tone="info">Unread</Badge>}
                </p>
                <p className="mt-1 text-sm whitespace-pre-line">{n.body}</p>
                <p className="mt-1 text-xs text-muted">
                  <Time value={n.createdAt} />
                </p>
              </div>
              {n.href && (
                <Link href={n.href} className={buttonClass("primary")}>
                  {n.linkLabel ?? "Open"}
                </Link>
              )}
              {!n.isRead && <MarkReadButton id={n.id} title={n.title} />}
            </li>
          ))}
        </ul>
      )}
      <nav aria-label="Notification pages" className="mt-3 flex gap-2 text-sm">
        {before && (
          <Link href="/notifications" className={buttonClass()}>
            Newest
          </Link>
        )}
        {nextBefore && (
          <Link href={`/notifications?before=${nextBefore}`} className={buttonClass()}>
            Older
          </Link>
        )}
      </nav>
    </>
  );
}
