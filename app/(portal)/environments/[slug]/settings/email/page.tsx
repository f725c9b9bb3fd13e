import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { decideChangeEmailSetting, EMAIL_SETTING_KEYS, emailSettingsValuesOf } from "@/lib/policy/email-settings";
import { getEmailSettings } from "@/lib/services/settings/email-settings";
import { listServerProfiles } from "@/lib/services/settings/server-profiles";
import { environmentHref } from "../../../../_components/environment-pages";
import { EmailSettingsForm, type SettingRefusals } from "./_components/email-settings-form";

export const metadata: Metadata = { title: "Email settings · Mailgate" };

export default async function EmailSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { actor, environment, now } = await requireEnvironmentPage((await params).slug, "email-settings");
  const db = getDb();
  const settings = await getEmailSettings(db, environment);
  if (!settings) notFound();
  // The policy decides each setting; the form disables what it refuses and says why.
  const refusals = Object.fromEntries(
    EMAIL_SETTING_KEYS.map((key) => {
      const d = decideChangeEmailSetting(actor, environment.id, key, now);
      return [key, d.allowed ? null : { code: d.code, reason: d.reason, message: d.message }];
    }),
  ) as SettingRefusals;
  const profiles = (await listServerProfiles(db, environment))
    .filter((p) => p.isActive || p.id === settings.defaultServerProfileId)
    .map((p) => ({ id: p.id, name: p.name }));

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(environment.slug) },
          { label: "Email settings" },
        ]}
        title="Email settings"
        description="How this environment processes mail, and what new mailboxes start with."
      />
      <EmailSettingsForm
        slug={environment.slug}
        environmentId={environment.id}
        version={settings.version}
        initial={emailSettingsValuesOf(settings)}
        refusals={refusals}
        profiles={profiles}
      />
    </>
  );
}
