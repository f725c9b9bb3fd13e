import type { EnvironmentPage } from "@/lib/policy/access";
import { environmentHref } from "./environment-pages";

/**
 * Where each part of an environment leads, and the page access that opens it there (the same pages
 * the routes ask `requireEnvironmentPage` for). Longer paths first, so a sub-page wins over its list.
 */
const SECTIONS: { path: string; page: EnvironmentPage }[] = [
  { path: "roles/delegated-mailbox-approver", page: "roles" },
  { path: "roles/new", page: "roles" },
  { path: "roles", page: "roles" },
  { path: "users", page: "users" },
  { path: "teams", page: "teams" },
  { path: "mailboxes", page: "mailboxes" },
  { path: "jobs", page: "mailboxes" },
  { path: "settings/email", page: "email-settings" },
  { path: "settings/server-profiles/new", page: "server-profiles" },
  { path: "settings/server-profiles", page: "server-profiles" },
];

/**
 * The address the environment switcher opens in `target`: the same page with the same view and
 * query when the user may see that page there; a record's page (its id belongs to this environment)
 * becomes its list there; anything else, or a page the user may not see there, is its overview.
 */
export function switchTarget(
  pathname: string,
  search: string,
  target: { slug: string; pages: readonly EnvironmentPage[] },
): string {
  const rest = /^\/environments\/[^/]+\/?(.*)$/.exec(pathname)?.[1]?.replace(/\/$/, "") ?? "";
  const section = SECTIONS.find((s) => rest === s.path || rest.startsWith(`${s.path}/`));
  if (!section || !target.pages.includes(section.page)) return environmentHref(target.slug);
  const query = rest === section.path && search ? `?${search.replace(/^\?/, "")}` : "";
  return `${environmentHref(target.slug, section.path)}${query}`;
}
