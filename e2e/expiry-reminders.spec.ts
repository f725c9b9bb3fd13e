import { REVIEWS } from "./fixtures/review-people";
import { expect, test } from "./personas";

const { delegator: rhea, holders } = REVIEWS;
const TESS_TITLE = `Your Delegated Mailbox Approver role in ${REVIEWS.name} ends in 1 day`;
const RHEA_TITLE = `${holders.tess.name}'s Delegated Mailbox Approver role in ${REVIEWS.name} ends in 1 day`;

test("a delegation ending tomorrow: the holder and the delegator are reminded once, however often the sweep runs", async ({
  signedIn,
}) => {
  test.slow();
  // The fixture set Tess's end date under a day away; the server's sweep (at boot, then every 2 s) reminds.
  // Tess also approves mailboxes there, so the approvers' digest may reach her too: only reminders are counted.
  const tess = await signedIn(holders.tess.alias);
  const list = tess.getByRole("list", { name: "Notifications" });
  const reminder = list.getByRole("listitem", { name: TESS_TITLE });
  const reminders = list.getByRole("listitem", { name: /Delegated Mailbox Approver role/ });
  await expect
    .poll(async () => {
      await tess.goto("/notifications");
      return reminder.count();
    })
    .toBe(1);
  await expect(reminders).toHaveCount(1);
  await expect(reminder).toContainText("Unread");
  await expect(reminder).toContainText("from then on you cannot approve mailboxes there");
  await expect(reminder.getByRole("link", { name: "Extend" })).toHaveAttribute(
    "href",
    `/environments/${REVIEWS.slug}/roles/delegated-mailbox-approver`,
  );

  // Wait for a later sweep than the one that sent it, then look again: still one.
  const status = tess.getByTestId("sweep-status");
  const seen = await status.textContent();
  await expect
    .poll(async () => {
      await tess.reload();
      return status.textContent();
    })
    .not.toBe(seen);
  await expect(reminders).toHaveCount(1);

  // Marking it read takes one off the bell's count.
  const bell = tess.getByTestId("notification-bell");
  const unread = async () => Number(/(\d+) unread/.exec((await bell.getAttribute("aria-label")) ?? "")?.[1] ?? 0);
  const before = await unread();
  await reminder.getByRole("button", { name: `Mark read: ${TESS_TITLE}` }).click();
  await expect(reminder).not.toContainText("Unread");
  await expect.poll(unread).toBe(before - 1);

  // Rhea delegated it and is still an Exchange Administrator: she is reminded too, once, and Extend takes her there.
  const page = await signedIn(rhea.alias);
  await page.goto("/notifications");
  const hers = page.getByRole("list", { name: "Notifications" }).getByRole("listitem", { name: RHEA_TITLE });
  await expect(hers).toHaveCount(1);
  await expect(hers).toContainText(`${holders.tess.name} (${holders.tess.upn}) can approve mailboxes there until`);
  await hers.getByRole("link", { name: "Extend" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Delegated Mailbox Approver" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText(REVIEWS.name);
});
