import { expect, test } from "@playwright/test";
import { signInAndWait } from "../helpers";
import { deployment, removeTempDirs, startServer, tempDir, tsx, type Server } from "../reliability/server-processes";
import { as, expectError } from "./http";

// The tenant-wide switch refuses every token, so it runs on a server and database of its own
// (the shared e2e server serves every other spec's tokens meanwhile).

let server: Server | null = null;
test.afterAll(async () => {
  await server?.stop("SIGTERM");
  removeTempDirs();
});

test("a Global Administrator turns API tokens off for the tenant: every token is refused and none can be made, until on again", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const env = deployment(tempDir());
  tsx(env, "db/cli/prepare.ts");
  tsx(env, "e2e/fixtures/e2e-database.ts", "api");
  server = await startServer(env);
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const ivy = as(context.request, "ivy.api all");
  expect((await ivy.get("/environments")).status).toBe(200);

  await signInAndWait(page, "ava", "Ava Alvarez");
  const turn = async (command: "Turn API tokens off" | "Turn API tokens on", button: string) => {
    await page.goto("/tenant/users");
    await page.getByRole("button", { name: command }).click();
    await page.getByRole("dialog", { name: command }).getByRole("button", { name: button }).click();
    // The command is renamed by the change it made; its result may show under either name.
    const done =
      command === "Turn API tokens off" ? "API tokens are off: every token is refused." : "API tokens are on.";
    await expect(page.getByTestId(/^Turn API tokens (on|off): result$/)).toHaveText(done);
  };
  await turn("Turn API tokens off", "Turn off");
  await expect(page.getByRole("status", { name: "API tokens are off" })).toBeVisible();
  expectError(await ivy.get("/environments"), 401, "UNAUTHENTICATED", "API_TOKENS_OFF");
  await page.goto("/me/tokens");
  await expect(page.getByRole("status", { name: "API tokens are off" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create token" })).toBeDisabled();

  await turn("Turn API tokens on", "Turn on");
  expect((await ivy.get("/environments")).status).toBe(200);
  await context.close();
});
