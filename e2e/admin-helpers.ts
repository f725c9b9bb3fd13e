import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Steps several specs share: delegating, and opening the users and mailboxes grids with a search.
 * Each takes the environment's slug (e2e/environments.ts): Production, or a test's own copy.
 */

export const dmaPage = (slug: string) => `/environments/${slug}/roles/delegated-mailbox-approver`;

/**
 * In the Delegate panel: types the email of `user` ("Name (email)") into the User combobox, as an
 * admin searching the server does, and chooses them.
 */
export async function chooseUser(panel: Locator, user: string) {
  const [, name, email] = /^(.*) \((.*)\)$/.exec(user)!;
  await panel.getByRole("combobox", { name: "User" }).fill(email!);
  await panel.getByRole("option", { name: new RegExp(`^${name}`) }).click();
  await expect(panel.getByRole("status", { name: "User search" })).toHaveText(`Chosen: ${name}.`);
}

/**
 * Fills a delegation's end-date picker: "2030-03-31T17:00" is typed as its date and its optional
 * time, which the page reads in the browser's time zone.
 */
export async function fillEndDate(panel: Locator, endsAt: string) {
  const [date, time] = endsAt.split("T");
  await panel.getByLabel(/^End date/).fill(date!);
  if (time) await panel.getByLabel("End time (optional)").fill(time);
}

export async function delegate(page: Page, slug: string, user: string, justification: string, endsAt?: string) {
  await page.goto(dmaPage(slug));
  await page.getByRole("toolbar", { name: "Delegation commands" }).getByRole("button", { name: "Delegate" }).click();
  const panel = page.getByRole("dialog", { name: "Delegate Delegated Mailbox Approver" });
  await chooseUser(panel, user);
  await panel.getByLabel("Justification").fill(justification);
  if (endsAt) await fillEndDate(panel, endsAt);
  await panel.getByRole("button", { name: "Delegate" }).click();
  await expect(panel).toBeHidden();
}

export function holderRow(page: Page, name: string) {
  return page.getByRole("table", { name: "Delegated Mailbox Approvers" }).getByRole("row", { name: new RegExp(name) });
}

export async function openUsers(page: Page, search: string, slug = "production") {
  await page.goto(`/environments/${slug}/users?q=${encodeURIComponent(search)}`);
  return page.getByRole("table", { name: "Users" });
}

/** Opens a mailbox view of an environment (Production unless said), optionally searched. */
export async function openMailboxes(page: Page, view: string, q = "", slug = "production") {
  await page.goto(`/environments/${slug}/mailboxes?view=${view}${q ? `&q=${encodeURIComponent(q)}` : ""}`);
  return page.getByRole("grid", { name: "Mailboxes" });
}

export function mailboxRow(grid: ReturnType<Page["getByRole"]>, name: string) {
  return grid.getByRole("row", { name: new RegExp(`Select ${name}\\b`) });
}

/** Runs Approve Email or Reject Email on the current selection and returns the dialog after OK. */
export async function runCommand(page: Page, command: "Approve Email" | "Reject Email") {
  await page.getByRole("toolbar", { name: "Mailbox commands" }).getByRole("button", { name: command }).click();
  const dialog = page.getByRole("dialog", { name: command });
  await expect(dialog.getByRole("list", { name: "Pre-check" })).toBeVisible();
  return dialog;
}

export type Command = "Test & Enable Mailbox" | "Apply Default Email Settings" | "Edit" | "Activate" | "Deactivate";

/** Runs a command on the grid's selection and returns its dialog; `prepare` fills the dialog before OK. */
export async function runMailboxCommand(page: Page, command: Command, prepare?: (dialog: Locator) => Promise<unknown>) {
  await page
    .getByRole("toolbar", { name: "Mailbox commands" })
    .getByRole("button", { name: command, exact: true })
    .click();
  const dialog = page.getByRole("dialog", { name: command });
  await prepare?.(dialog);
  await dialog.getByRole("button", { name: "OK" }).click();
  await expect(dialog.getByTestId("run-summary")).toBeVisible();
  return dialog;
}

/** On an open mailbox form: saves a new address and waits until the page shows it. */
export async function changeAddress(page: Page, address: string) {
  await page.getByRole("textbox", { name: "Email address" }).fill(address);
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByText(address, { exact: true })).toBeVisible();
}
