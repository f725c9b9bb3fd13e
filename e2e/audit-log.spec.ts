import { expect, test, type Page } from "@playwright/test";
import { chooseUser } from "./admin-helpers";
import { signInAndWait } from "./helpers";

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
    if (label === "Environment") await field.selectOption({ label: value });
    else await field.fill(value);
  }
  await form.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/audit\?/);
}

test.describe.serial("ava's delegation in the audit log", () => {
  test("ava delegates, then finds the event by actor and by text, opens it, exports it and verifies the chain", async ({
    page,
  }) => {
    // One flow from the change to its verified record, in many steps.
    test.setTimeout(60_000);
    await signInAndWait(page, "ava", "Ava Alvarez");
    await page.goto("/environments/production/roles/delegated-mailbox-approver");
    await page.getByRole("toolbar", { name: "Delegation commands" }).getByRole("button", { name: "Delegate" }).click();
    const delegatePanel = page.getByRole("dialog", { name: "Delegate Delegated Mailbox Approver" });
    await chooseUser(delegatePanel, "Drew Davis (user34@contoso.com)");
    await delegatePanel.getByLabel("Justification").fill(justification);
    await delegatePanel.getByRole("button", { name: "Delegate" }).click();
    await expect(delegatePanel).toBeHidden();

    await filterAudit(page, { Actor: "ava@contoso.com" });
    const byActor = eventsTable(page).getByRole("row", { name: new RegExp(justification) });
    await expect(byActor).toContainText("RoleAssigned");
    await expect(byActor).toContainText("Contoso Production");
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
    expect(lines[0]).toMatch(/^seq,at,actor_upn,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(justification);
    expect(lines[1]).toContain("ava@contoso.com,");

    const json = await page.request.get((await page.getByRole("link", { name: "Export JSON" }).getAttribute("href"))!);
    expect(json.headers()["content-type"]).toContain("application/json");
    expect(await json.json()).toEqual([
      expect.objectContaining({ action: "RoleAssigned", reason: justification, environmentName: "Contoso Production" }),
    ]);

    await page.getByRole("button", { name: "Verify integrity" }).click();
    await expect(page.getByRole("status", { name: /^Intact, \d+ events$/ })).toBeVisible();
  });

  test("sam, System Administrator of Production, sees the Production delegation", async ({ page }) => {
    await signInAndWait(page, "sam", "Sam Sato");
    await filterAudit(page, { Environment: "Contoso Production", Search: justification });
    await expect(eventsTable(page).getByRole("row", { name: new RegExp(justification) })).toContainText(
      "Contoso Production",
    );
  });
});

test.describe.serial("a Sandbox event", () => {
  let sandboxId: string | null = null;

  test("ava adds a user to Sandbox; sam, System Administrator of Sandbox, sees the event", async ({ browser }) => {
    // Two people sign in and act in turn.
    test.setTimeout(60_000);
    // A Sandbox-only event no other test makes. (Self-elevation would do too, but delegation.spec
    // has paula do it and expects her button still enabled.)
    const ava = await browser.newPage();
    await signInAndWait(ava, "ava", "Ava Alvarez");
    await ava.goto("/environments/sandbox/users");
    await ava.getByRole("toolbar", { name: "User commands" }).getByRole("button", { name: "Add user" }).click();
    const addPanel = ava.getByRole("dialog", { name: "Add user" });
    await addPanel.getByLabel("Search the directory").fill("Gray Clark");
    await addPanel.getByLabel("Directory user").selectOption({ label: "Gray Clark (user27@contoso.com)" });
    await addPanel.getByRole("button", { name: "Add" }).click();
    await expect(addPanel).toBeHidden();

    const sam = await browser.newPage();
    await signInAndWait(sam, "sam", "Sam Sato");
    await filterAudit(sam, { Action: "UserAddedToEnvironment", Search: "user27@contoso.com" });
    await expect(eventsTable(sam).getByRole("row", { name: /Gray Clark/ })).toContainText("Contoso Sandbox");
    sandboxId = await sam
      .getByRole("search", { name: "Filter audit events" })
      .getByLabel("Environment", { exact: true })
      .getByRole("option", { name: "Contoso Sandbox" })
      .getAttribute("value");
  });

  test("dana, System Administrator of Production only, does not see it, by filter, address or export", async ({
    page,
  }) => {
    await signInAndWait(page, "dana", "Dana Diaz");
    await filterAudit(page, { Action: "UserAddedToEnvironment", Search: "user27@contoso.com" });
    await expect(eventsTable(page)).toContainText("No events match.");
    await expect(
      page.getByRole("search", { name: "Filter audit events" }).getByRole("option", { name: "Contoso Sandbox" }),
    ).toHaveCount(0);

    await page.goto(`/audit?environment=${sandboxId}`);
    await expect(eventsTable(page)).toContainText("No events match.");
    const csv = await page.request.get(`/audit/export/csv?environment=${sandboxId}`);
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(1);
  });
});

test("bob, a Basic User, is told the audit log is not for him, and cannot export it", async ({ page }) => {
  await signInAndWait(page, "bob", "Bob Brown");
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
