import type { Page } from "@playwright/test";
import { runCommand } from "../admin-helpers";
import { expect, test } from "../personas";
import { e2eDatabase } from "../security/e2e-db";
import { linkAfter, mailServer } from "./mail-server";
import { NOTIFY } from "./people";

// Notifications by email through a real SMTP server (scripts/e2e-smtp.mjs), in Contoso Notify
// (e2e/notifications/people.ts). One test stops the mail server, so this file's tests run one
// after another: none of them waits on a mail server another has stopped.
test.describe.configure({ mode: "default" });

const mail = mailServer();
const WAIT = { timeout: 45_000 };

async function pendingGrid(page: Page) {
  await page.goto(`/environments/${NOTIFY.slug}/mailboxes?view=pending`);
  return page.getByRole("grid", { name: "Mailboxes" });
}

async function decide(page: Page, owner: string, command: "Approve Email" | "Reject Email", reason?: string) {
  const grid = await pendingGrid(page);
  await grid
    .getByRole("row", { name: new RegExp(`Select ${owner}\\b`) })
    .getByRole("checkbox")
    .check();
  const dialog = await runCommand(page, command);
  if (reason !== undefined) {
    await dialog.getByLabel("Common reasons").selectOption("The address is misspelled. Correct it and ask again.");
    await expect(dialog.getByLabel("Reason for rejecting")).toHaveValue(
      "The address is misspelled. Correct it and ask again.",
    );
    await dialog.getByLabel("Reason for rejecting").fill(reason);
  }
  await dialog.getByRole("button", { name: "OK" }).click();
  const done = command === "Approve Email" ? "1 approved" : "1 rejected";
  await expect(dialog.getByTestId("run-summary")).toHaveText(`${done}, 0 unchanged, 0 refused.`);
}

/** Waits until the background sweep has run again after now, on the notifications page's status line. */
async function laterSweep(page: Page) {
  await page.goto("/notifications");
  const status = page.getByTestId("sweep-status");
  const seen = await status.textContent();
  await expect
    .poll(async () => {
      await page.reload();
      return status.textContent();
    })
    .not.toBe(seen);
}

test("a new pending mailbox: its approvers, and only they, get one digest, whose link shows it", async ({
  signedIn,
}) => {
  test.slow();
  const omar = await signedIn(NOTIFY.omar.alias);
  await omar.goto(`/environments/${NOTIFY.slug}/users`);
  await omar.getByRole("button", { name: "Add user" }).click();
  const add = omar.getByRole("dialog", { name: "Add user" });
  await add.getByLabel("Search the directory").fill("Quinn");
  await add.getByLabel("Directory user").selectOption({ label: `${NOTIFY.quinn.name} (${NOTIFY.quinn.upn})` });
  await add.getByRole("button", { name: "Add" }).click();
  await expect(add).toBeHidden();

  // The first pending mailbox of a quiet period goes at once, to Nadia (delegate) and Omar (Exchange admin).
  const subject = `1 mailbox waiting for your approval in ${NOTIFY.name}`;
  for (const approver of [NOTIFY.nadia, NOTIFY.omar])
    await expect.poll(async () => (await mail.to(approver.upn, subject)).length, WAIT).toBe(1);
  const digests = (await mail.messages()).filter((m) => m.subject === subject);
  expect(digests.flatMap((m) => m.to).sort()).toEqual([NOTIFY.nadia.upn, NOTIFY.omar.upn]);
  const [digest] = await mail.to(NOTIFY.nadia.upn, subject);
  expect(digest!.text).toContain(`- ${NOTIFY.quinn.name} <${NOTIFY.quinn.upn}>`);
  expect(digest!.html).toContain(`<li>${NOTIFY.quinn.name} &lt;${NOTIFY.quinn.upn}&gt;</li>`);

  // Nadia follows the digest's link: the Pending view filtered to it.
  const nadia = await signedIn(NOTIFY.nadia.alias);
  await nadia.goto(linkAfter(digest!.text, "Review pending mailboxes"));
  await expect(nadia.getByRole("status", { name: "Filtered" })).toBeVisible();
  const grid = nadia.getByRole("grid", { name: "Mailboxes" });
  await expect(nadia.getByRole("navigation", { name: "Mailbox pages" })).toContainText("1 mailboxes in this view");
  await expect(grid.getByRole("link", { name: NOTIFY.quinn.name })).toBeVisible();

  // A later sweep sends no second digest; those who cannot approve got none.
  await laterSweep(nadia);
  expect(await mail.to(NOTIFY.nadia.upn, subject)).toHaveLength(1);
  for (const bystander of [NOTIFY.sven, NOTIFY.dmitri, NOTIFY.quinn])
    expect(await mail.to(bystander.upn), bystander.name).toEqual([]);
});

test("Nadia approves Pete's mailbox: Pete gets the decision by email and on the bell, and marks it read", async ({
  signedIn,
}) => {
  const nadia = await signedIn(NOTIFY.nadia.alias);
  await decide(nadia, NOTIFY.pete.name, "Approve Email");
  const subject = `Your mailbox ${NOTIFY.pete.upn} in ${NOTIFY.name} is approved`;
  await expect.poll(async () => (await mail.to(NOTIFY.pete.upn, subject)).length, WAIT).toBe(1);
  const [decision] = await mail.to(NOTIFY.pete.upn, subject);
  expect(decision!.text).toContain(`${NOTIFY.nadia.name} approved it on`);
  expect(decision!.listUnsubscribePost).toBe("List-Unsubscribe=One-Click");

  const pete = await signedIn(NOTIFY.pete.alias);
  await pete.goto("/"); // a kept session opens on a blank page
  await pete.getByRole("link", { name: "Notifications, 1 unread" }).click();
  const item = pete.getByRole("list", { name: "Notifications" }).getByRole("listitem", { name: subject });
  await expect(item.getByRole("link", { name: "Open mailbox" })).toHaveAttribute(
    "href",
    new RegExp(`^/environments/${NOTIFY.slug}/mailboxes/\\d+$`),
  );
  await item.getByRole("button", { name: `Mark read: ${subject}` }).click();
  await expect(item).not.toContainText("Unread");
  await expect(pete.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
});

test("Omar rejects Olive's mailbox with a reason: it reaches her, escaped in the HTML, and stays on the mailbox", async ({
  signedIn,
}) => {
  const reason = "The address is misspelled. Use <olive.owens@contoso.com> & ask again.";
  const omar = await signedIn(NOTIFY.omar.alias);
  await decide(omar, NOTIFY.olive.name, "Reject Email", reason);
  const subject = `Your mailbox ${NOTIFY.olive.upn} in ${NOTIFY.name} was rejected`;
  await expect.poll(async () => (await mail.to(NOTIFY.olive.upn, subject)).length, WAIT).toBe(1);
  const [rejection] = await mail.to(NOTIFY.olive.upn, subject);
  expect(rejection!.text).toContain(`Reason:\n  ${reason}`);
  expect(rejection!.html).toContain("Use &lt;olive.owens@contoso.com&gt; &amp; ask again.");
  expect(rejection!.html).not.toContain("<olive.owens@contoso.com>");

  const olive = await signedIn(NOTIFY.olive.alias);
  await olive.goto(linkAfter(rejection!.text, "Open mailbox"));
  await expect(olive.getByTestId("rejection-reason")).toHaveText(reason);
  await olive.goto("/notifications");
  await expect(
    olive.getByRole("list", { name: "Notifications" }).getByRole("listitem", { name: subject }),
  ).toContainText(`Reason: ${reason}`);
});

test("the mail server is down while Ruth's mailbox is approved: the email waits, and arrives once when it is back", async ({
  signedIn,
}) => {
  test.slow();
  const subject = `Your mailbox ${NOTIFY.ruth.upn} in ${NOTIFY.name} is approved`;
  const db = e2eDatabase();
  const outbox = () =>
    db.one<{ status: string; attempts: number; last_error: string | null } | undefined>(
      "select status, attempts, last_error from email_outbox where to_address = ? and subject = ?",
      NOTIFY.ruth.upn,
      subject,
    );
  const nadia = await signedIn(NOTIFY.nadia.alias);
  await mail.stop();
  try {
    await decide(nadia, NOTIFY.ruth.name, "Approve Email");
    // The sweep tried, failed, and put it back for later. Its claim counts the attempt before the
    // send fails, so wait for the error it records, not for the count.
    await expect.poll(() => outbox()?.last_error ?? "", WAIT).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    expect(outbox()!.attempts).toBeGreaterThanOrEqual(1);
    expect(outbox()).toMatchObject({ status: expect.stringMatching(/^(pending|sending)$/) });
    expect(await mail.to(NOTIFY.ruth.upn)).toEqual([]);
  } finally {
    await mail.start();
  }
  await expect.poll(async () => (await mail.to(NOTIFY.ruth.upn, subject)).length, WAIT).toBe(1);
  await expect.poll(() => outbox()?.status, WAIT).toBe("sent");
  await laterSweep(nadia);
  expect(await mail.to(NOTIFY.ruth.upn, subject)).toHaveLength(1);
  db.close();
});

test("Una asks for approval with a note: her approvers hear at once; each stops those emails with one click", async ({
  browser,
  playwright,
  signedIn,
}) => {
  const note = "I start on Monday & need <mail> to sync.";
  const una = await signedIn(NOTIFY.una.alias);
  await una.goto("/my-mailbox");
  await una.getByRole("button", { name: `Request approval of ${NOTIFY.una.upn}` }).click();
  const dialog = una.getByRole("dialog", { name: "Request approval" });
  await dialog.getByLabel("Note for the approvers").fill(note);
  await dialog.getByRole("button", { name: "Send request" }).click();
  await expect(dialog.getByRole("status", { name: "Approval requested" })).toContainText(
    `Asked ${NOTIFY.nadia.name}, ${NOTIFY.omar.name} to approve it.`,
  );
  await dialog.getByRole("button", { name: "Close" }).click();
  // Once a day: the button is gone, and the page says when she may ask again.
  await una.reload();
  await expect(una.getByRole("button", { name: `Request approval of ${NOTIFY.una.upn}` })).toHaveCount(0);
  await expect(una.getByRole("table", { name: "My mailboxes" })).toContainText("you can ask again after");

  const subject = `${NOTIFY.una.name} asks you to approve ${NOTIFY.una.upn} in ${NOTIFY.name}`;
  for (const approver of [NOTIFY.nadia, NOTIFY.omar])
    await expect.poll(async () => (await mail.to(approver.upn, subject)).length, WAIT).toBe(1);
  expect((await mail.messages()).filter((m) => m.subject === subject).flatMap((m) => m.to)).toHaveLength(2);
  const [toNadia] = await mail.to(NOTIFY.nadia.upn, subject);
  expect(toNadia!.text).toContain(`${NOTIFY.una.name}'s note:\n  ${note}`);
  expect(toNadia!.html).toContain("I start on Monday &amp; need &lt;mail&gt; to sync.");

  // Nadia opens the email's link without signing in: opening changes nothing, the button stops them.
  const anonymous = await browser.newPage();
  await anonymous.goto(linkAfter(toNadia!.text, "Stop these emails"));
  await expect(anonymous.getByRole("heading", { name: "Stop emails" })).toBeVisible();
  await expect(anonymous.getByRole("main")).toContainText("Owners asking you to approve their mailbox");
  await anonymous.getByRole("button", { name: "Stop these emails" }).click();
  await expect(anonymous.getByRole("status", { name: "Emails stopped" })).toBeVisible();

  // Omar's mail client uses the List-Unsubscribe header: one POST, no browser, no Origin.
  const [toOmar] = await mail.to(NOTIFY.omar.upn, subject);
  const client = await playwright.request.newContext();
  const response = await client.post(toOmar!.listUnsubscribe!, { form: { "List-Unsubscribe": "One-Click" } });
  expect(response.status()).toBe(200);
  await client.dispose();

  for (const approver of [NOTIFY.nadia, NOTIFY.omar]) {
    const page = await signedIn(approver.alias);
    await page.goto("/notifications/settings");
    await expect(page.getByRole("status", { name: "Email is on" })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "Owners asking you to approve their mailbox" })).not.toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Your mailbox approved or rejected" })).toBeChecked();
    if (approver !== NOTIFY.nadia) continue;
    // Nadia changes her mind on the settings page.
    await page.getByRole("checkbox", { name: "Owners asking you to approve their mailbox" }).check();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status", { name: "Preferences saved" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("checkbox", { name: "Owners asking you to approve their mailbox" })).toBeChecked();
  }
});
