import type { EnvironmentPage } from "@/lib/policy/access";

/** The environment's pages in navigation order, with their labels and paths. */
export const ENVIRONMENT_PAGES: { page: EnvironmentPage; label: string; path: string }[] = [
  { page: "users", label: "Users", path: "users" },
  { page: "teams", label: "Teams", path: "teams" },
  { page: "roles", label: "Security roles", path: "roles" },
  { page: "mailboxes", label: "Mailboxes", path: "mailboxes" },
  { page: "email-settings", label: "Email settings", path: "settings/email" },
  { page: "server-profiles", label: "Server profiles", path: "settings/server-profiles" },
];

export const environmentHref = (slug: string, path = "") => `/environments/${slug}${path ? `/${path}` : ""}`;
