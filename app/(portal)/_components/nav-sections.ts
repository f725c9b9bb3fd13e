import type { Actor } from "@/lib/policy/actor";
import { decideViewAuditLog, decideViewDelegations, decideViewTenantUsers } from "@/lib/policy/access";
import { decideViewAccessReviews } from "@/lib/policy/access-review";
import type { VisibleEnvironment } from "@/lib/services/settings/environments";
import { ENVIRONMENT_PAGES, environmentHref } from "./environment-pages";
import type { NavSection } from "./left-nav";

/** The left navigation for this actor: only what the policy lets them open. */
export function buildNavSections(actor: Actor, environments: VisibleEnvironment[], now: Date): NavSection[] {
  const adminEnvironments = environments.filter((env) => env.access.pages.has("overview"));
  const hasOwnMailbox = environments.some((env) => env.access.pages.has("my-mailbox"));

  const sections: NavSection[] = [];
  const home = adminEnvironments.length ? [{ label: "Environments", href: "/" }] : [];
  const mine = hasOwnMailbox ? [{ label: "My mailbox", href: "/my-mailbox" }] : [];
  // Everyone who can sign in may script what they may do.
  const tokens = [{ label: "API tokens", href: "/me/tokens" }];
  sections.push({ heading: "Home", links: [...home, ...mine, ...tokens] });

  if (adminEnvironments.length) {
    sections.push({
      heading: "Environments",
      links: adminEnvironments.map((env) => ({
        label: env.name,
        href: environmentHref(env.slug),
        children: ENVIRONMENT_PAGES.filter((p) => env.access.pages.has(p.page)).map((p) => ({
          label: p.label,
          href: environmentHref(env.slug, p.path),
        })),
      })),
    });
  }

  const tenantLinks = [
    ...(decideViewTenantUsers(actor).allowed ? [{ label: "Users", href: "/tenant/users" }] : []),
    ...(decideViewDelegations(actor).allowed ? [{ label: "Delegations", href: "/tenant/delegations" }] : []),
    ...(decideViewAccessReviews(actor).allowed ? [{ label: "Access reviews", href: "/tenant/access-reviews" }] : []),
    ...(decideViewAuditLog(actor, now).allowed ? [{ label: "Audit log", href: "/audit" }] : []),
  ];
  if (tenantLinks.length) sections.push({ heading: "Tenant", links: tenantLinks });
  return sections.filter((s) => s.links.length > 0);
}
