import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { accountMenu, refusal, signIn } from "../helpers";
import {
  deployment,
  freePort,
  removeTempDirs,
  startServer,
  tempDir,
  tsx,
  type Server,
} from "../reliability/server-processes";
import { newAccount, putAccount, signInWithMicrosoft } from "./directory";
import { ssoEnv, startOp, type OpProcess } from "./op-process";

// MAILGATE_LOCAL_SIGNIN=off changes the whole server, so this story has a server of its own (a
// fresh demo database in a temporary folder) and an OpenID provider of its own.
test.describe.configure({ mode: "default" });
// Four browsers, eight sign-ins and a server of its own: ~40 s on an idle machine; bounded for a loaded one.
test.setTimeout(300_000);

const TENANT_ID = "5d1e6f2a-7b3c-4d8e-9f0a-1b2c3d4e5f60";
let op: OpProcess;
let server: Server;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const dir = tempDir();
  const env = deployment(dir);
  tsx(env, "db/cli/prepare.ts");
  const port = await freePort();
  op = await startOp(path.join(dir, "oidc"), `http://127.0.0.1:${port}`, TENANT_ID);
  server = await startServer({ ...env, ...ssoEnv(op), MAILGATE_LOCAL_SIGNIN: "off" }, port);
});

test.afterAll(async () => {
  await server?.stop("SIGTERM");
  op?.stop();
  removeTempDirs();
});

async function newPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: server.url, ignoreHTTPSErrors: true });
  return context.newPage();
}

/** The password form sits behind "Break-glass account" while local sign-in is off. */
async function openPasswordForm(page: Awaited<ReturnType<typeof newPage>>) {
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in with Microsoft" })).toBeVisible();
  await expect(page.getByLabel("Password")).toBeHidden();
  await page.getByText("Break-glass account", { exact: true }).click();
}

test("local sign-in off: passwords are refused, a single sign-on Global Administrator marks a break-glass account, whose password then works", async ({
  browser,
}) => {
  const bob = await newPage(browser);
  await openPasswordForm(bob);
  await signIn(bob, "bob");
  await expect(refusal(bob)).toContainText("passwords are for break-glass accounts only");
  await expect(bob).toHaveURL(/\/sign-in$/);

  const before = await newPage(browser);
  await openPasswordForm(before);
  await signIn(before, "ava");
  await expect(refusal(before)).toContainText("passwords are for break-glass accounts only");

  const gina = newAccount("gina", TENANT_ID, ["global_admin"]);
  await putAccount(op, gina);
  const admin = await newPage(browser);
  await signInWithMicrosoft(admin, op, gina);
  await expect(accountMenu(admin, gina.name)).toBeVisible();
  await expect(admin.getByRole("status", { name: "No break-glass account" })).toBeVisible();

  await admin.goto("/tenant/users?q=ava%40contoso.com");
  await admin.getByRole("table", { name: "Tenant users" }).getByRole("link", { name: "Ava Alvarez" }).click();
  await admin.getByRole("button", { name: "Mark as break-glass" }).click();
  await admin.getByRole("dialog", { name: "Mark as break-glass" }).getByRole("button", { name: "Mark" }).click();
  await expect(admin.getByRole("region", { name: "Account" })).toContainText("Break-glass");
  await expect(admin.getByRole("button", { name: "Clear break-glass" })).toBeVisible();
  await admin.goto("/");
  await expect(admin.getByRole("table", { name: "Environments" })).toBeVisible();
  await expect(admin.getByRole("status", { name: "No break-glass account" })).toBeHidden();

  const ava = await newPage(browser);
  await openPasswordForm(ava);
  await signIn(ava, "ava");
  await expect(accountMenu(ava, "Ava Alvarez")).toBeVisible();
});
