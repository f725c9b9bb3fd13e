import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { listVisibleJobs } from "@/lib/services/jobs/app-runner";
import { environmentHref } from "../../../_components/environment-pages";
import { JobsTable } from "./_components/jobs-table";

export const metadata: Metadata = { title: "Background jobs · Mailgate" };

const SHOWN = 50;

/** Every background run of the environment the viewer may follow (approval runs, Test & Enable), newest first. */
export default async function JobsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { environment } = await requireEnvironmentPage(slug, "mailboxes");
  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(slug) },
          { label: "Mailboxes", href: environmentHref(slug, "mailboxes") },
          { label: "Background jobs" },
        ]}
        title="Background jobs"
        description={`The newest ${SHOWN} runs that went on in the background, with their progress and results.`}
      />
      <JobsTable slug={slug} jobs={await listVisibleJobs(getDb(), environment, { limit: SHOWN })} />
    </>
  );
}
