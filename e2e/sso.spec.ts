import { expect, test, type Page } from "@playwright/test";
import { chooseUser } from "./admin-helpers";
import { accountMenu, signInAndWait } from "./helpers";
import { e2eDatabase } from "./security/e2e-db";
import {
  newAccount,
  OTHER_TENANT_ID,
  putAccount,
  sharedOpSettings,
  signInWithMicrosoft,
  SSO_DELEGATE,
  SSO_ENVIRONMENT,
  withRoles,
  type DirectoryAccount,
} from "./sso/directory";

// Single sign-on against the real OpenID provider scripts/e2e-server.mjs started (its own
// certificate, hence ignoreHTTPSErrors for the provider's pages). Each test adds its own people
// to the provider's directory.
test.use({ ignoreHTTPSErrors: true });

const DMA_PAGE = `/environments/${SSO_ENVIRONMENT.slug}/roles/delegated-mailbox-approver`;

async function signOutOfBoth(page: Page, name: string) {
  await accountMenu(page, name).click();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  // MAILGATE_OIDC_LOGOUT=on: the provider asks, then sends the browser back to the sign-in page.
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

async function auditRows(page: Page, upn: string) {
  await page.goto(`/audit?actor=${encodeURIComponent(upn)}&action=TenantRolesSynced`);
  return page.getByRole("table", { name: "Audit events" }).getByRole("row");
}

test("an Exchange Administrator's first SSO sign-in provisions them; they delegate; their next token lacks the role and they no longer can", async ({
  page,
  browser,
}) => {
  // Two round trips through the provider, a delegation and a second browser for the audit log:
  // ~40 s on an idle machine; bounded for a loaded one.
  test.setTimeout(300_000);
  const op = sharedOpSettings();
  const erin: DirectoryAccount = newAccount("erin", op.tenantId, ["exchange_admin"]);
  await putAccount(op, erin);

  await signInWithMicrosoft(page, op, erin);
  await expect(accountMenu(page, erin.name)).toBeVisible();

  await page.goto(`/tenant/users?q=${encodeURIComponent(erin.upn)}`);
  const row = page.getByRole("table", { name: "Tenant users" }).getByRole("row", { name: new RegExp(erin.name) });
  await expect(row).toContainText("Exchange Administrator");
  await row.getByRole("link", { name: erin.name }).click();
  const account = page.getByRole("region", { name: "Account" });
  await expect(account).toContainText("Single sign-on");
  await expect(account).toContainText("Exchange Administrator");

  await page.goto(DMA_PAGE);
  await page.getByRole("toolbar", { name: "Delegation commands" }).getByRole("button", { name: "Delegate" }).click();
  const panel = page.getByRole("dialog", { name: "Delegate Delegated Mailbox Approver" });
  await chooseUser(panel, `${SSO_DELEGATE.name} (${SSO_DELEGATE.upn})`);
  await panel.getByLabel("Justification").fill(`Delegated by ${erin.upn} after single sign-on`);
  await panel.getByRole("button", { name: "Delegate" }).click();
  await expect(panel).toBeHidden();
  await expect(
    page.getByRole("table", { name: "Delegated Mailbox Approvers" }).getByRole("row", { name: /Sid Delegate/ }),
  ).toContainText("Active");

  await signOutOfBoth(page, erin.name);

  // In the directory, someone takes the Exchange Administrator role away.
  await putAccount(op, withRoles(erin, []));
  await signInWithMicrosoft(page, op, erin);
  await expect(accountMenu(page, erin.name)).toBeVisible();
  await expect(page.getByRole("table", { name: "Environments" })).toContainText(
    "You do not have access to any environment",
  );
  await page.goto(DMA_PAGE);
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();

  const ava = await browser.newPage();
  await signInAndWait(ava, "ava", "Ava Alvarez");
  const synced = await auditRows(ava, erin.upn);
  await expect(synced).toHaveCount(3); // the header and two events
  await synced
    .nth(1)
    .getByRole("link", { name: /^Open event \d+$/ })
    .click();
  const changes = ava.getByRole("dialog", { name: /^Event \d+$/ }).getByRole("list", { name: "Changes" });
  await expect(changes).toContainText('roles: ["exchange_admin"] → []');
  await ava.close();
});

test("a token from another tenant is refused with a clear message, and nobody is provisioned", async ({ page }) => {
  const op = sharedOpSettings();
  const stranger = newAccount("stranger", OTHER_TENANT_ID, ["global_admin"]);
  await putAccount(op, stranger);

  await signInWithMicrosoft(page, op, stranger);
  await expect(page).toHaveURL(/\/sign-in\?error=SsoForeignTenant$/);
  await expect(page.getByRole("alert", { name: "Single sign-on refused" })).toContainText(
    "You signed in with an account of another organization.",
  );
  const db = e2eDatabase();
  try {
    expect(db.count("select count(*) n from directory_users where upn = ?", stranger.upn)).toBe(0);
    expect(
      db.count(
        "select count(*) n from audit_events where action = 'SignInFailed' and reason = 'FOREIGN_TENANT' and target_label = ?",
        stranger.upn,
      ),
    ).toBe(1);
  } finally {
    db.close();
  }
});
