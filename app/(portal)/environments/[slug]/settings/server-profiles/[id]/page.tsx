import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { decideManageEmailConfiguration } from "@/lib/policy/email-settings";
import { getServerProfile } from "@/lib/services/settings/server-profiles";
import { environmentHref } from "../../../../../_components/environment-pages";
import { ProfileForm } from "../_components/profile-form";

export const metadata: Metadata = { title: "Server profile · Mailgate" };

export default async function ServerProfilePage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { actor, environment, now } = await requireEnvironmentPage(slug, "server-profiles");
  const profile = Number.isInteger(Number(id)) ? await getServerProfile(getDb(), environment, Number(id)) : null;
  if (!profile) notFound();
  const decision = decideManageEmailConfiguration(actor, environment.id, now);
  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(slug) },
          { label: "Server profiles", href: environmentHref(slug, "settings/server-profiles") },
          { label: profile.name },
        ]}
        title={profile.name}
        description={`${profile.isDefault ? "Default profile · " : ""}${profile.isActive ? "Active" : "Inactive"} · ${profile.mailboxCount} mailboxes`}
      />
      {!decision.allowed && (
        <div className="mb-3">
          <Notice tone="info" title="Why you cannot change this profile">
            {decision.message}{" "}
            <span className="font-mono text-xs">
              (Error {decision.code} · Reason {decision.reason})
            </span>
          </Notice>
        </div>
      )}
      <ProfileForm
        slug={slug}
        environmentId={environment.id}
        existing={profile}
        refusal={decision.allowed ? null : decision.message}
      />
    </>
  );
}
