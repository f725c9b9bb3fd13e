import { expect, test, type Page } from "@playwright/test";
import { accountMenu, signInAndWait } from "../helpers";
import { mailboxRow, openMailboxes } from "../admin-helpers";

// The policy is only right if the portal still works under it: the main pages, their dialogs and
// client-side navigation, in a real browser, with every violation and console error collected.

async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    const { url } = message.location();
    // One step opens a missing page on purpose.
    if (message.text().startsWith("Failed to load resource") && url.includes("/no-such-page")) return;
    if (message.type() === "error" || /polic/i.test(message.text()))
      problems.push(`${message.type()} on ${page.url()}: ${message.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`),
    );
  });
  return problems;
}

test("sign-in, the mailboxes grid and its dialogs, the audit log and sign-out run with no policy violation", async ({
  browser,
}) => {
  test.slow();
  const sam = await browser.newPage();
  const samProblems = await watch(sam);
  await signInAndWait(sam, "sam", "Sam Sato");
  const grid = await openMailboxes(sam, "pending", "lena");
  await mailboxRow(grid, "Lena Lopez").getByRole("checkbox").check();
  for (const command of ["Edit", "Test & Enable Mailbox"]) {
    await sam
      .getByRole("toolbar", { name: "Mailbox commands" })
      .getByRole("button", { name: command, exact: true })
      .click();
    const dialog = sam.getByRole("dialog", { name: command });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  }
  await grid.getByRole("link", { name: "Lena Lopez" }).click();
  await expect(sam.getByRole("region", { name: "Why can't I approve this?" })).toBeVisible();

  const ava = await browser.newPage();
  const avaProblems = await watch(ava);
  await signInAndWait(ava, "ava", "Ava Alvarez");
  await ava.getByRole("link", { name: "Audit log" }).click();
  const events = ava.getByRole("table", { name: "Audit events" });
  await events
    .getByRole("link", { name: /^Open event \d+$/ })
    .first()
    .click();
  const detail = ava.getByRole("dialog", { name: /^Event \d+$/ });
  await expect(detail).toBeVisible();
  await detail.getByRole("button", { name: "Close" }).click();
  await ava.goto("/no-such-page");
  await expect(ava.getByRole("heading", { name: "Not found" })).toBeVisible();
  await ava.getByRole("link", { name: "Go to the home page" }).click();
  await accountMenu(ava, "Ava Alvarez").click();
  await ava.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(ava).toHaveURL(/\/sign-in/);

  expect([...samProblems, ...avaProblems]).toEqual([]);
});
