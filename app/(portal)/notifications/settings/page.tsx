import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import { emailChannelState, listEmailPreferences } from "@/lib/services/notifications";
import { PreferencesForm } from "./_components/preferences-form";

export const metadata: Metadata = { title: "Notification settings · Mailgate" };

/** The signed-in person's choice of email per kind of notification, and whether this portal sends email at all. */
export default async function NotificationSettingsPage() {
  const actor = await getActor();
  const email = emailChannelState();
  return (
    <>
      <PageHeader
        crumbs={[{ label: "Notifications", href: "/notifications" }, { label: "Settings" }]}
        title="Notification settings"
        description="Every notification appears here in the portal. Choose which ones also come by email."
      />
      <div className="space-y-4">
        {email.on ? (
          <Notice tone="success" title="Email is on">
            Emails go to {actor.upn} through the mail server {email.channel.server}. If it is down, they are sent when
            it is back, once.
          </Notice>
        ) : (
          <Notice tone="warning" title="Email is off">
            This portal sends no email: {email.why} Notifications still appear in the portal (the bell in the header).
            An administrator turns email on by setting MAILGATE_SMTP_URL.
          </Notice>
        )}
        <Card title="Email me about">
          <PreferencesForm preferences={await listEmailPreferences(getDb(), actor.id)} />
        </Card>
      </div>
    </>
  );
}
