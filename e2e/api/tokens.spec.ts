import { expect, test, type Page } from "@playwright/test";
import { accountMenu, signInAndWait } from "../helpers";
import { e2eDatabase } from "../security/e2e-db";
import { api, as, expectError } from "./http";
import { API_ENV, fixtureSecret, upnOf } from "./people";

// Personal access tokens, from the page a person makes them on to the API refusing them: created
// in the browser and shown once, used, revoked (by the owner and by a Global Administrator),
// expired, and their owner disabled. The tenant-wide switch has a server of its own
// (tokens-off.spec.ts): turning it off here would refuse every other spec's tokens.

const db = e2eDatabase();
const events = (action: string, tokenName: string) =>
  db.count(
    "select count(*) n from audit_events e join api_tokens t on t.id = e.target_id where e.action = ? and e.target_type = 'apiToken' and t.name = ?",
    action,
    tokenName,
  );

async function createToken(page: Page, name: string, scopes: string[]) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  for (const scope of scopes) await page.getByRole("checkbox", { name: scope }).check();
  await page.getByLabel("Expires in").selectOption("7");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("status", { name: "Token created" })).toBeVisible();
  return page.getByLabel("Your new token").inputValue();
}

test("Tom makes a token on his page, sees it once, scripts with it, and Revoke stops it at once", async ({
  page,
  request,
}) => {
  await signInAndWait(page, "tom.api", "Tom Tokenmaker");
  const name = `Tom's sync ${test.info().workerIndex}-${Date.now()}`;
  const secret = await createToken(page, name, ["mailboxes.read"]);
  expect(secret).toMatch(/^mgp_[A-Za-z0-9_-]{43}$/);

  const tom = api(request, secret);
  const environments = await tom.get<{ items: { slug: string; access: string }[] }>("/environments");
  expect(environments.status).toBe(200);
  expect(environments.body.items).toEqual([expect.objectContaining({ slug: API_ENV.slug, access: "member" })]);
  expect(environments.headers["ratelimit-limit"]).toBe("120");

  // Shown once: after a reload the list names it, with its last use, and the secret is nowhere.
  await page.reload();
  const row = page.getByRole("table", { name: "API tokens" }).getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("mailboxes.read");
  await expect(row).toContainText("Active");
  await expect(row.getByRole("cell").nth(4)).not.toHaveText("Never");
  expect(await page.content()).not.toContain(secret);
  expect(events("ApiTokenCreated", name)).toBe(1);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await row.getByRole("button", { name: `Confirm revoking ${name}` }).click();
  await expect(row).toContainText("Revoked");
  expectError(await tom.get("/environments"), 401, "UNAUTHENTICATED", "TOKEN_REVOKED");
  expect(events("ApiTokenRevoked", name)).toBe(1);
});

test("a Global Administrator sees another person's tokens on their tenant user page and revokes one", async ({
  page,
  request,
}) => {
  const token = "noor.api spare";
  const noor = as(request, token);
  expect((await noor.get("/environments")).status).toBe(200);
  await signInAndWait(page, "ava", "Ava Alvarez");
  const user = db.one<{ id: number }>("select id from directory_users where upn = ?", upnOf("noor.api"));
  await page.goto(`/tenant/users/${user.id}`);
  const row = page.getByRole("table", { name: "API tokens" }).getByRole("row", { name: new RegExp(token) });
  await expect(row).toContainText("Active");
  await row.getByRole("button", { name: `Revoke ${token}` }).click();
  await row.getByRole("button", { name: `Confirm revoking ${token}` }).click();
  await expect(row).toContainText("Revoked");
  expectError(await noor.get("/environments"), 401, "UNAUTHENTICATED", "TOKEN_REVOKED");
  expect(
    db.count(
      "select count(*) n from audit_events where action = 'ApiTokenRevoked' and actor_upn = 'ava@contoso.com' and target_label = ?",
      `${token} (${upnOf("noor.api")})`,
    ),
  ).toBe(1);
});

test("someone who is not a Global Administrator sees no one else's tokens", async ({ page }) => {
  await signInAndWait(page, "evan", "Evan Evans");
  const user = db.one<{ id: number }>("select id from directory_users where upn = ?", upnOf("ivy.api"));
  await page.goto(`/tenant/users/${user.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Ivy Approver" })).toBeVisible();
  await expect(page.getByRole("table", { name: "API tokens" })).toHaveCount(0);
});

test("an expired token is refused as expired, and the attempt is audited once an hour, not per request", async ({
  request,
}) => {
  const expired = as(request, "ivy.api expired");
  const first = await expired.get("/environments");
  expectError(first, 401, "UNAUTHENTICATED", "TOKEN_EXPIRED");
  expect(first.headers["www-authenticate"]).toBe('Bearer realm="mailgate", error="invalid_token"');
  expectError(await expired.get("/environments"), 401, "UNAUTHENTICATED", "TOKEN_EXPIRED");
  expect(events("ApiTokenUsedAfterExpiry", "ivy.api expired")).toBe(1);
});

test("no token, a malformed one, an unknown one and a revoked one are each refused with their reason", async ({
  request,
}) => {
  const missing = await api(request, null).get("/environments");
  expectError(missing, 401, "UNAUTHENTICATED", "TOKEN_MISSING");
  expect(missing.headers["www-authenticate"]).toBe('Bearer realm="mailgate"');
  expectError(await api(request, "not-a-token").get("/environments"), 401, "UNAUTHENTICATED", "TOKEN_INVALID");
  expectError(
    await api(request, fixtureSecret("no such token")).get("/environments"),
    401,
    "UNAUTHENTICATED",
    "TOKEN_INVALID",
  );
  expectError(await as(request, "ivy.api revoked").get("/environments"), 401, "UNAUTHENTICATED", "TOKEN_REVOKED");
});

test("disabling a token's owner refuses the token at the next request; enabling them lets it work again", async ({
  page,
  request,
}) => {
  const dee = as(request, "dee.api all");
  expect((await dee.get("/environments")).status).toBe(200);
  await signInAndWait(page, "ava", "Ava Alvarez");
  const user = db.one<{ id: number }>("select id from directory_users where upn = ?", upnOf("dee.api"));
  const toggle = async (command: "Disable user" | "Enable user") => {
    await page.goto(`/tenant/users/${user.id}`);
    await page.getByRole("button", { name: command }).click();
    const panel = page.getByRole("dialog", { name: command });
    await panel.getByRole("button", { name: command.split(" ")[0] }).click();
    // The panel's command is renamed by the change it made, its result stays under the name it had.
    const done = command === "Disable user" ? "User disabled." : "User enabled.";
    await expect(page.getByTestId(/user: result$/)).toHaveText(done);
  };
  await toggle("Disable user");
  expectError(await dee.get("/environments"), 401, "UNAUTHENTICATED", "USER_DISABLED");
  await toggle("Enable user");
  expect((await dee.get("/environments")).status).toBe(200);
  await expect(accountMenu(page, "Ava Alvarez")).toBeVisible();
});
