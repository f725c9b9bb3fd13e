import { describe, expect, it } from "vitest";
import type { EnvironmentPage } from "@/lib/policy/access";
import { switchTarget } from "./switch-target";

const ALL: EnvironmentPage[] = [
  "overview",
  "users",
  "teams",
  "roles",
  "mailboxes",
  "email-settings",
  "server-profiles",
];
const sandbox = { slug: "sandbox", pages: ALL };
const readOnly = { slug: "sandbox", pages: ["overview", "users", "teams", "roles", "mailboxes"] as EnvironmentPage[] };

describe("where the environment switcher leads", () => {
  it.each([
    [
      "a list with its view and search",
      "/environments/production/mailboxes",
      "view=pending&q=ada",
      "/environments/sandbox/mailboxes?view=pending&q=ada",
    ],
    ["Email settings", "/environments/production/settings/email", "", "/environments/sandbox/settings/email"],
    [
      "Server profiles",
      "/environments/production/settings/server-profiles",
      "",
      "/environments/sandbox/settings/server-profiles",
    ],
    [
      "a server profile: its list",
      "/environments/production/settings/server-profiles/4",
      "",
      "/environments/sandbox/settings/server-profiles",
    ],
    [
      "a mailbox: the grid, without the mailbox's tab",
      "/environments/production/mailboxes/17",
      "tab=history",
      "/environments/sandbox/mailboxes",
    ],
    [
      "the DMA role page",
      "/environments/production/roles/delegated-mailbox-approver",
      "",
      "/environments/sandbox/roles/delegated-mailbox-approver",
    ],
    ["a job: the jobs list", "/environments/production/jobs/3", "", "/environments/sandbox/jobs"],
    ["the overview", "/environments/production", "", "/environments/sandbox"],
    ["a page outside any environment", "/audit", "action=RoleExpired", "/environments/sandbox"],
  ])("%s", (_label, pathname, search, expected) => {
    expect(switchTarget(pathname, search, sandbox)).toBe(expected);
  });

  it("a page the user may not see there leads to that environment's overview", () => {
    expect(switchTarget("/environments/production/settings/email", "", readOnly)).toBe("/environments/sandbox");
    expect(switchTarget("/environments/production/users", "q=dana", readOnly)).toBe(
      "/environments/sandbox/users?q=dana",
    );
  });
});
