import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { decideManageEmailConfiguration } from "@/lib/policy/email-settings";
import { environmentHref } from "../../../../../_components/environment-pages";
import { ProfileForm } from "../_components/profile-form";

export const metadata: Metadata = { title: "New server profile · Mailgate" };

export default async function NewServerProfilePage({ params }: { params: Promise<{ slug: string }> }) {
  const { actor, environment, now } = await requireEnvironmentPage((await params).slug, "server-profiles");
  const decision = decideManageEmailConfiguration(actor, environment.id, now);
  const slug = environment.slug;
  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(slug) },
          { label: "Server profiles", href: environmentHref(slug, "settings/server-profiles") },
          { label: "New" },
        ]}
        title="New server profile"
      />
      <ProfileForm
        slug={slug}
        environmentId={environment.id}
        existing={null}
        refusal={decision.allowed ? null : decision.message}
      />
    </>
  );
}
