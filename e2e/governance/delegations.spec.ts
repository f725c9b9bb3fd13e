import { expect, test } from "../personas";
import { fillEndDate } from "../admin-helpers";
import { e2eDatabase } from "../security/e2e-db";
import { dmaPage, GOVERNANCE } from "./people";

// Issue 13: the Delegate picker, delegating in several environments, and the tenant's delegations.

test("the Delegate picker finds Noor by email, marks a current holder, and leaves System Administrator unticked until asked", async ({
  signedIn,
}) => {
  const page = await signedIn("ava");
  await page.goto(dmaPage());
  await page.getByRole("toolbar", { name: "Delegation commands" }).getByRole("button", { name: "Delegate" }).click();
  const panel = page.getByRole("dialog", { name: "Delegate Delegated Mailbox Approver" });
  const user = panel.getByRole("combobox", { name: "User" });

  await user.fill("gina.holder@");
  const gina = panel.getByRole("option", { name: /^Gina Holder/ });
  await expect(gina).toHaveAttribute("aria-disabled", "true");
  await expect(gina).toContainText("Already a delegate until");
  await expect(gina).toContainText("use Extend");

  await user.fill("NOOR.PICK@contoso");
  const noor = panel.getByRole("option", { name: /^Noor Pick/ });
  await expect(noor).toContainText("noor.pick@contoso.com · No System Administrator");
  await noor.click();
  await expect(panel.getByRole("status", { name: "Not a System Administrator" })).toBeVisible();
  const alsoSysAdmin = panel.getByRole("checkbox", { name: "Also assign System Administrator" });
  await expect(alsoSysAdmin).not.toBeChecked();
  await alsoSysAdmin.check();
  await expect(panel.getByRole("status", { name: "System Administrator grants everything here" })).toContainText(
    "Every privilege in the environment",
  );
  await alsoSysAdmin.uncheck();
  await panel.getByLabel("Justification").fill("Picks up the backlog");
  await panel.getByRole("button", { name: "Delegate", exact: true }).click();
  await expect(panel).toBeHidden();
  const row = page.getByRole("table", { name: "Delegated Mailbox Approvers" }).getByRole("row", { name: /Noor Pick/ });
  await expect(row).toContainText("No — needs System Administrator");
  await expect(row).toContainText("No end date");
});

test("ava delegates to Mila in both governance environments at once: one refused with its reason, one done", async ({
  signedIn,
}) => {
  const page = await signedIn("ava");
  await page.goto("/tenant/delegations");
  await page.getByRole("button", { name: "Delegate in several environments" }).click();
  const panel = page.getByRole("dialog", { name: "Delegate in several environments" });
  await panel.getByRole("combobox", { name: "User" }).fill("mila.multi@");
  await panel.getByRole("option", { name: /^Mila Multi/ }).click();
  await panel.getByRole("checkbox", { name: GOVERNANCE.main.name, exact: true }).check();
  await panel.getByRole("checkbox", { name: GOVERNANCE.sandbox.name, exact: true }).check();
  await panel.getByLabel("Justification").fill("Both regions");
  await fillEndDate(panel, "2030-03-31T17:00");

  await panel.getByRole("button", { name: "Check" }).click();
  const check = panel.getByRole("list", { name: "Pre-check" });
  await expect(check.getByRole("listitem")).toHaveCount(2);
  await expect(check.getByRole("listitem").filter({ hasText: `${GOVERNANCE.main.name}:` })).toContainText(
    "Will be delegated. They do not hold System Administrator here",
  );
  const sandbox = check.getByRole("listitem").filter({ hasText: GOVERNANCE.sandbox.name });
  await expect(sandbox).toContainText(`Mila Multi is not a user of ${GOVERNANCE.sandbox.name}: add them first.`);
  await expect(sandbox.getByRole("button", { name: `Add to ${GOVERNANCE.sandbox.name}` })).toBeVisible();

  await panel.getByRole("button", { name: "Delegate", exact: true }).click();
  await expect(panel.getByRole("status", { name: "Delegation results" })).toHaveText(
    /Delegated to Mila Multi in 1 of 2 environments\./,
  );
  const results = panel.getByRole("list", { name: "Results" }).getByRole("listitem");
  await expect(results).toHaveText([
    `${GOVERNANCE.main.name}: Delegated.`,
    `${GOVERNANCE.sandbox.name}: Not delegated. Mila Multi is not a user of ${GOVERNANCE.sandbox.name}: add them first.`,
  ]);

  const db = e2eDatabase();
  const events = db.all<{ action: string; reason: string }>(
    "select action, reason from audit_events where target_label = 'Mila Multi <mila.multi@contoso.com>'",
  );
  db.close();
  expect(events).toEqual([{ action: "RoleAssigned", reason: "Both regions" }]);
});

test("the tenant's delegations filter to Governance, expiring within 7 days, in the address, and export it", async ({
  signedIn,
}) => {
  const page = await signedIn("ava");
  await page.goto("/tenant/delegations");
  const filters = page.getByRole("search", { name: "Filter delegations" });
  await filters.getByLabel("Environment").selectOption({ label: GOVERNANCE.main.name });
  await filters.getByLabel("Expiring within (days)").fill("7");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/tenant\/delegations\?env=governance&state=all&expiring=7/);
  const table = page.getByRole("table", { name: "Delegations" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row", { name: /Ezra Soon/ })).toContainText(GOVERNANCE.main.name);
  await expect(page.getByRole("navigation", { name: "Delegations pages" })).toContainText("1 delegation");

  const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(href).toBe("/tenant/delegations/export?env=governance&expiring=7");
  const csv = await page.request.get(href!);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const lines = (await csv.text()).trimEnd().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toBe(
    "holder,email,environment,can_approve,why_not,system_administrator,assigned_by,assigned_on_utc,renewed_by,renewed_on_utc,ends_at_utc,justification,state,last_approval_utc,approvals_90_days",
  );
  expect(lines[1]).toMatch(
    /^Ezra Soon,ezra\.soon@contoso\.com,Contoso Governance,yes,,yes,Ava Alvarez,[^,]+,,,[^,]+,Governance fixture: Ezra Soon,active,,0$/,
  );
});

test("a Power Platform Administrator sees every delegation but no command; an Exchange Administrator cannot set the maximum", async ({
  signedIn,
}) => {
  const paula = await signedIn("paula");
  await paula.goto(`/tenant/delegations?env=${GOVERNANCE.main.slug}&q=ezra`);
  const row = paula.getByRole("table", { name: "Delegations" }).getByRole("row", { name: /Ezra Soon/ });
  await expect(row.getByRole("button", { name: `Extend for Ezra Soon in ${GOVERNANCE.main.name}` })).toBeDisabled();
  await expect(row.getByRole("button", { name: "Remove Delegated Mailbox Approver from Ezra Soon" })).toBeDisabled();
  await expect(paula.getByRole("button", { name: "Delegate in several environments" })).toBeDisabled();

  const evan = await signedIn("evan");
  await evan.goto("/tenant/delegations");
  await expect(evan.getByRole("button", { name: "Maximum delegation length" })).toBeDisabled();
  await expect(evan.getByRole("button", { name: "Maximum delegation length" })).toHaveAttribute(
    "title",
    "Only Global Administrators can change the tenant's settings.",
  );
  await expect(evan.getByRole("button", { name: "Delegate in several environments" })).toBeEnabled();
});
