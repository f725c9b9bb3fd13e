import type { Page } from "@playwright/test";
import { chooseUser } from "./admin-helpers";
import { OWN_ENVIRONMENTS } from "./environments";
import { expect, test } from "./personas";

// The events come from environments of this spec's own: a copy of Production where ava delegates,
// a copy of Sandbox where she adds a user.
const { auditDelegation, auditSandbox } = OWN_ENVIRONMENTS;

// Tests elsewhere write events at the same time, so nothing here counts the whole log: each test
// finds the events it made itself, by a justification no one else uses.
const justification = `Audit trail check ${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

function eventsTable(page: Page) {
  return page.getByRole("table", { name: "Audit events" });
}

async function filterAudit(
  page: Page,
  filters: Partial<Record<"Actor" | "Action" | "Environment" | "Search", string>>,
) {
  await page.goto("/audit");
  const form = page.getByRole("search", { name: "Filter audit events" });
  for (const [label, value] of Object.entries(filters)) {
    const field = form.getByLabel(label, { exact: true });
    if (label === "Environment" || label === "Action") await field.selectOption({ label: value });
    else await field.fill(value);
  }
  await form.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/audit\?/);
}

test.describe.serial("ava's delegation in the audit log", () => {
  test("ava delegates, then finds the event by actor and by text, opens it, exports it and verifies the chain", async ({
    signedIn,
  }) => {
    test.slow(); // one flow from the change to its verified record, in many steps
    const page = await signedIn("ava");
    await page.goto(`/environments/${auditDelegation.slug}/roles/delegated-mailbox-approver`);
    await page.getByRole("toolbar", { name: "Delegation commands" }).getByRole("button", { name: "Delegate" }).click();
    const delegatePanel = page.getByRole("dialog", { name: "Delegate Delegated Mailbox Approver" });
    await chooseUser(delegatePanel, "Drew Davis (user34@contoso.com)");
    await delegatePanel.getByLabel("Justification").fill(justification);
    await delegatePanel.getByRole("button", { name: "Delegate" }).click();
    await expect(delegatePanel).toBeHidden();

    await filterAudit(page, { Actor: "ava@contoso.com" });
    const byActor = eventsTable(page).getByRole("row", { name: new RegExp(justification) });
    await expect(byActor).toContainText("Role assigned");
    await expect(byActor).toContainText(auditDelegation.name);
    await expect(byActor).toContainText("Drew Davis <user34@contoso.com>");

    await filterAudit(page, { Search: justification });
    await expect(eventsTable(page).getByRole("row")).toHaveCount(2);
    const row = eventsTable(page).getByRole("row", { name: new RegExp(justification) });
    await expect(row).toContainText("ava@contoso.com");

    await row.getByRole("link", { name: /^Open event \d+$/ }).click();
    const detail = page.getByRole("dialog", { name: /^Event \d+$/ });
    const changes = detail.getByRole("list", { name: "Changes" });
    await expect(changes).toContainText("role: — → Delegated Mailbox Approver");
    await expect(changes).toContainText(`justification: — → ${justification}`);
    for (const term of ["Client IP", "User agent", "Hash", "Previous hash"])
      await expect(detail.getByText(term, { exact: true })).toBeVisible();
    await detail.getByRole("button", { name: "Close" }).click();
    await expect(detail).toBeHidden();
    await expect(page).not.toHaveURL(/event=/);

    const csvHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const csv = await page.request.get(csvHref!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="audit-log-.*\.csv"$/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^seq,at_utc,actor_upn,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(justification);
    expect(lines[1]).toContain("ava@contoso.com,");

    const json = await page.request.get((await page.getByRole("link", { name: "Export JSON" }).getAttribute("href"))!);
    expect(json.headers()["content-type"]).toContain("application/json");
    expect(await json.json()).toEqual([
      expect.objectContaining({ action: "RoleAssigned", reason: justification, environmentName: auditDelegation.name }),
    ]);

    await page.getByRole("button", { name: "Verify integrity" }).click();
    await expect(page.getByRole("status", { name: /^Intact, [\d,]+ events$/ })).toBeVisible();
  });

  test("sam, System Administrator of the environment, sees its delegation", async ({ signedIn }) => {
    const page = await signedIn("sam");
    await filterAudit(page, { Environment: auditDelegation.name, Search: justification });
    await expect(eventsTable(page).getByRole("row", { name: new RegExp(justification) })).toContainText(
      auditDelegation.name,
    );
  });
});

test.describe.serial("a Sandbox event", () => {
  let sandboxId: string | null = null;

  test("ava adds a user to a Sandbox copy; sam, its System Administrator, sees the event", async ({ signedIn }) => {
    test.slow(); // two people act in turn
    const ava = await signedIn("ava");
    await ava.goto(`/environments/${auditSandbox.slug}/users`);
    await ava.getByRole("toolbar", { name: "User commands" }).getByRole("button", { name: "Add user" }).click();
    const addPanel = ava.getByRole("dialog", { name: "Add user" });
    await addPanel.getByLabel("Search the directory").fill("Gray Clark");
    await addPanel.getByLabel("Directory user").selectOption({ label: "Gray Clark (user27@contoso.com)" });
    await addPanel.getByRole("button", { name: "Add" }).click();
    await expect(addPanel).toBeHidden();

    const sam = await signedIn("sam");
    await filterAudit(sam, { Action: "User added to environment", Search: "user27@contoso.com" });
    await expect(eventsTable(sam).getByRole("row", { name: /Gray Clark/ })).toContainText(auditSandbox.name);
    sandboxId = await sam
      .getByRole("search", { name: "Filter audit events" })
      .getByLabel("Environment", { exact: true })
      .getByRole("option", { name: auditSandbox.name })
      .getAttribute("value");
  });

  test("dana, a Basic User of that Sandbox copy, does not see it, by filter, address or export", async ({
    signedIn,
  }) => {
    const page = await signedIn("dana");
    await filterAudit(page, { Action: "User added to environment", Search: "user27@contoso.com" });
    await expect(eventsTable(page)).toContainText("No events match.");
    await expect(
      page.getByRole("search", { name: "Filter audit events" }).getByRole("option", { name: auditSandbox.name }),
    ).toHaveCount(0);

    await page.goto(`/audit?environment=${sandboxId}`);
    await expect(eventsTable(page)).toContainText("No events match.");
    const csv = await page.request.get(`/audit/export/csv?environment=${sandboxId}`);
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(1);
  });
});

test("bob, a Basic User, is told the audit log is not for him, and cannot export it", async ({ signedIn }) => {
  const page = await signedIn("bob");
  await page.goto("/audit");
  await expect(page.getByRole("status", { name: "You cannot see the audit log" })).toBeVisible();
  await expect(eventsTable(page)).toHaveCount(0);
  expect((await page.request.get("/audit/export/csv")).status()).toBe(403);
});

test("signed out, the export sends you to sign in", async ({ request }) => {
  const response = await request.get("/audit/export/json", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers()["location"]).toContain("/sign-in");
});
