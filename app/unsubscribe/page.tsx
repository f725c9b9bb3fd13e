import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { Notice } from "@/components/ui/notice";
import { buttonClass } from "@/components/ui/button";
import { readUnsubscribeLink } from "@/lib/services/notifications";
import { parseUnsubscribeLink } from "./link";

export const metadata: Metadata = { title: "Stop emails · Mailgate" };

/**
 * Where an email's "Stop these emails" link opens, signed in or not. Opening it changes nothing
 * (mail scanners open links); the one button does, by the same POST a mail client sends for
 * one-click unsubscribe (RFC 8058).
 */
export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const link = parseUnsubscribeLink(await searchParams);
  const found = link && (await readUnsubscribeLink(getDb(), link));
  if (!link || !found) notFound();
  const action = `/unsubscribe/one-click?${new URLSearchParams({ u: String(link.recipientId), k: link.kind, t: link.token })}`;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md space-y-4 rounded-card bg-surface p-8 shadow-card">
        <p className="text-sm font-semibold text-brand">Mailgate</p>
        <h1 className="text-2xl font-semibold">Stop emails</h1>
        <p>
          Emails to <strong>{found.upn}</strong> about: <strong>{found.label}</strong>.
        </p>
        {found.isEmailOn ? (
          <form method="post" action={action}>
            <input type="hidden" name="List-Unsubscribe" value="One-Click" />
            <button type="submit" className={buttonClass("primary")}>
              Stop these emails
            </button>
          </form>
        ) : (
          <Notice tone="success" title="Emails stopped">
            You no longer get these emails. They still appear in the portal under Notifications, where you can turn them
            back on.
          </Notice>
        )}
      </div>
    </main>
  );
}
