import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { decideManageEmailConfiguration } from "@/lib/policy/email-settings";
import { listVisibleJobs } from "@/lib/services/jobs/app-runner";
import { AUTH_TYPE_LABELS, listServerProfiles } from "@/lib/services/settings/server-profiles";
import { environmentHref } from "../../../../_components/environment-pages";
import { JobsTable } from "../../jobs/_components/jobs-table";
import { ProfileCommands } from "./_components/profile-commands";

export const metadata: Metadata = { title: "Server profiles · Mailgate" };

export default async function ServerProfilesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { actor, environment, now } = await requireEnvironmentPage((await params).slug, "server-profiles");
  const db = getDb();
  const decision = decideManageEmailConfiguration(actor, environment.id, now);
  const refusal = decision.allowed ? null : { code: decision.code, reason: decision.reason, message: decision.message };
  const slug = environment.slug;
  const base = environmentHref(slug, "settings/server-profiles");

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(slug) },
          { label: "Server profiles" },
        ]}
        title="Server profiles"
        description="How server-side synchronization connects to Exchange Online."
      />
      <div className="mb-3 flex items-center gap-3">
        {refusal ? (
          <Notice tone="info" title="Why you cannot change server profiles">
            {refusal.message}{" "}
            <span className="font-mono text-xs">
              (Error {refusal.code} · Reason {refusal.reason})
            </span>
          </Notice>
        ) : (
          <Link href={`${base}/new`} className={buttonClass("primary")}>
            New server profile
          </Link>
        )}
      </div>
      <DataTable
        label="Server profiles"
        rows={await listServerProfiles(db, environment)}
        rowKey={(p) => p.id}
        empty="No server profiles."
        columns={[
          {
            header: "Name",
            cell: (p) => (
              <Link href={`${base}/${p.id}`} className="font-semibold text-brand hover:underline">
                {p.name}
              </Link>
            ),
          },
          { header: "Type", cell: () => "Exchange Online" },
          { header: "Authentication", cell: (p) => AUTH_TYPE_LABELS[p.authType] },
          { header: "Default", cell: (p) => (p.isDefault ? <Badge tone="info">Default</Badge> : "—") },
          {
            header: "State",
            cell: (p) => <Badge tone={p.isActive ? "success" : "neutral"}>{p.isActive ? "Active" : "Inactive"}</Badge>,
          },
          { header: "Mailboxes", cell: (p) => p.mailboxCount },
          {
            header: "Commands",
            cell: (p) => (
              <ProfileCommands
                slug={slug}
                environmentId={environment.id}
                profile={{
                  id: p.id,
                  name: p.name,
                  isDefault: p.isDefault,
                  isActive: p.isActive,
                  mailboxCount: p.mailboxCount,
                }}
                refusal={refusal?.message ?? null}
              />
            ),
          },
        ]}
      />
      <h2 className="mt-6 mb-2 text-base font-semibold">Recent Test &amp; Enable jobs</h2>
      <JobsTable slug={slug} jobs={await listVisibleJobs(db, environment, { page: "server-profiles", limit: 10 })} />
    </>
  );
}
