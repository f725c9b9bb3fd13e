import { openUsers } from "../admin-helpers";
import { OWN_ENVIRONMENTS } from "../environments";
import { expect, test } from "../personas";

// Issue 17, item 10: several users ticked in the Users grid get one role at once, with a result per
// user. In this spec's own copy of Production, so the roles it gives change nobody else's story.
const { slug } = OWN_ENVIRONMENTS.assignRole;

test("sam ticks three users and assigns System Customizer: two assigned, Cora already held it", async ({
  signedIn,
}) => {
  const page = await signedIn("sam");
  const users = await openUsers(page, "", slug);
  for (const name of ["Finley Adams", "Blake Baker", "Cora Chen"])
    await users.getByRole("checkbox", { name: `Select ${name}` }).check();
  const commands = page.getByRole("toolbar", { name: "User commands" });
  await expect(commands.getByRole("button", { name: "Manage security roles" })).toBeDisabled();
  await commands.getByRole("button", { name: "Assign role" }).click();

  const panel = page.getByRole("dialog", { name: "Assign role: 3 users" });
  await panel.getByLabel("Role").selectOption({ label: "System Customizer" });
  await panel.getByRole("button", { name: "Assign" }).click();
  await expect(panel.getByTestId("assign-summary")).toHaveText("2 assigned, 1 unchanged, 0 refused.");
  const results = panel.getByRole("table", { name: "Assign role results" });
  await expect(results.getByRole("row", { name: /Finley Adams/ })).toContainText("Assigned");
  await expect(results.getByRole("row", { name: /Blake Baker/ })).toContainText("Assigned");
  await expect(results.getByRole("row", { name: /Cora Chen/ })).toContainText("Unchanged");
  await panel.getByRole("button", { name: "Done" }).click();

  await expect(users.getByRole("row", { name: /Finley Adams/ })).toContainText("System Customizer");
  await expect(users.getByRole("row", { name: /Blake Baker/ })).toContainText("System Customizer");
});

test("cora may not hand out System Administrator: each ticked user is refused with the rule's code", async ({
  signedIn,
}) => {
  const page = await signedIn("cora");
  const users = await openUsers(page, "", slug);
  await users.getByRole("checkbox", { name: "Select Bob Brown" }).check();
  await page.getByRole("toolbar", { name: "User commands" }).getByRole("button", { name: "Assign role" }).click();
  const panel = page.getByRole("dialog", { name: "Assign role: 1 user" });
  // Listed with the reason cora may not assign it; the server decides anyway.
  const option = panel.getByRole("option", { name: /^System Administrator/ });
  await panel.getByLabel("Role").selectOption((await option.getAttribute("value"))!);
  await panel.getByRole("button", { name: "Assign" }).click();
  await expect(panel.getByTestId("assign-summary")).toHaveText("0 assigned, 0 unchanged, 1 refused.");
  await expect(
    panel.getByRole("table", { name: "Assign role results" }).getByRole("row", { name: /Bob Brown/ }),
  ).toContainText(/Refused.*\(0x[0-9a-f]+\)/);
  await panel.getByRole("button", { name: "Done" }).click();
  await expect(users.getByRole("row", { name: /Bob Brown/ })).not.toContainText("System Administrator");
});
