import Link from "@/components/ui/link";
import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { getActor } from "@/lib/auth/current-actor";
import { countUnread } from "@/lib/services/notifications";
import { getTenant, listVisibleEnvironments } from "@/lib/services/settings/environments";
import { EnvironmentSwitcher } from "./_components/environment-switcher";
import { LeftNav } from "./_components/left-nav";
import { buildNavSections } from "./_components/nav-sections";
import { NotificationBell } from "./_components/notification-bell";
import { UserMenu } from "./_components/user-menu";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  const db = getDb();
  const now = new Date();
  const tenant = await getTenant(db);
  const environments = await listVisibleEnvironments(db, actor, now);
  const switchable = environments
    .filter((e) => e.access.pages.has("overview"))
    .map(({ slug, name, access }) => ({ slug, name, pages: [...access.pages] }));

  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-surface focus:p-2"
      >
        Skip to content
      </a>
      {/* Reflows down to 320 px (WCAG 1.4.10): the bar wraps its controls onto a second line when narrow. */}
      <header className="app-bar flex min-h-12 flex-wrap items-center gap-x-6 gap-y-2 bg-header px-4 py-2 text-white">
        <Link href="/" className="font-semibold">
          Mailgate
        </Link>
        <span className="border-l border-white/40 pl-4" data-testid="tenant-name">
          {tenant?.name ?? "Tenant"}
        </span>
        <div className="ml-auto flex flex-wrap items-center gap-4">
          {switchable.length > 0 && <EnvironmentSwitcher environments={switchable} />}
          <NotificationBell unread={await countUnread(db, actor)} />
          <UserMenu name={actor.displayName} upn={actor.upn} />
        </div>
      </header>
      <div className="flex flex-1 flex-col lg:flex-row">
        <LeftNav sections={buildNavSections(actor, environments, now)} />
        <main id="main" className="min-w-0 flex-1 p-4 sm:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
