import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import { expect, type Page } from "@playwright/test";
import { TENANT_ROLES, type TenantRole } from "@/lib/policy/catalog";
import { e2eDatabasePath } from "../security/e2e-db";

/**
 * The single sign-on stories' directory: accounts a test adds to the real OpenID provider that
 * scripts/e2e-server.mjs (or a test's own server) started, and signing in through it as a person does.
 */

export const SSO_ENVIRONMENT = { name: "Contoso Single Sign-On", slug: "sso" };
export const SSO_DELEGATE = { name: "Sid Delegate", upn: "sid.delegate@contoso.com" };

/** Entra puts the "User" role template in every member's token; it grants no tenant role. */
const USER_TEMPLATE = "b79fbf4d-3ef9-4689-8143-76b194e85509";
export const OTHER_TENANT_ID = "3c2a1b0f-9e8d-4c7b-a6f5-e4d3c2b1a0f9";
export const OP_PASSWORD = "Directory-Password-1";

export type OpSettings = { issuer: string; ca: string; tenantId: string };

/** The shared e2e server's provider, as scripts/e2e-server.mjs wrote it beside the database. */
export function sharedOpSettings(): OpSettings {
  return JSON.parse(fs.readFileSync(e2eDatabasePath().replace(/\.db$/, ".oidc.json"), "utf8")) as OpSettings;
}

export type DirectoryAccount = {
  upn: string;
  name: string;
  claims: Record<string, unknown>;
};

/** A person of this test's own: a unique UPN and object id; "Zz" sorts after every demo name. */
export function newAccount(label: string, tenantId: string, roles: TenantRole[]): DirectoryAccount {
  const stamp = `${Date.now().toString(36)}${crypto.randomBytes(3).toString("hex")}`;
  const upn = `sso-${label}-${stamp}@contoso.com`;
  const name = `Zz SSO ${label} ${stamp}`;
  return { upn, name, claims: claimsFor({ upn, name, tenantId, oid: crypto.randomUUID(), roles }) };
}

export function claimsFor(input: { upn: string; name: string; tenantId: string; oid: string; roles: TenantRole[] }) {
  return {
    oid: input.oid,
    tid: input.tenantId,
    upn: input.upn,
    preferred_username: input.upn,
    email: input.upn,
    name: input.name,
    wids: widsFor(input.roles),
  };
}

const widsFor = (roles: TenantRole[]) => [USER_TEMPLATE, ...roles.map((role) => TENANT_ROLES[role].templateId)];

/** The same person with other directory roles: their next token carries these. */
export function withRoles(account: DirectoryAccount, roles: TenantRole[]): DirectoryAccount {
  return { ...account, claims: { ...account.claims, wids: widsFor(roles) } };
}

/** Adds the account to the provider's directory, or changes it (its roles, as an Entra admin would). */
export async function putAccount(op: OpSettings, account: DirectoryAccount): Promise<void> {
  const body = JSON.stringify({ password: OP_PASSWORD, claims: account.claims });
  const status = await new Promise<number>((resolve, reject) => {
    const request = https.request(
      `${op.issuer}/accounts/${encodeURIComponent(account.upn)}`,
      { method: "PUT", ca: fs.readFileSync(op.ca), headers: { "content-type": "application/json" } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
  expect(status).toBe(204);
}

/**
 * "Sign in with Microsoft" on the portal's sign-in page, then the provider's own sign-in form
 * unless the provider still has a session for this browser. Returns once back at the portal.
 */
export async function signInWithMicrosoft(page: Page, op: OpSettings, account: DirectoryAccount, baseURL = "") {
  const opOrigin = new URL(op.issuer).origin;
  const isAtOp = (url: URL) => url.origin === opOrigin;
  const isBack = (url: URL) => !isAtOp(url) && (url.pathname !== "/sign-in" || url.searchParams.has("error"));
  await page.goto(`${baseURL}/sign-in`);
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await page.waitForURL((url) => isAtOp(url) || isBack(url));
  if (isAtOp(new URL(page.url()))) {
    await expect(page).toHaveTitle("Sign in to your account");
    await page.getByLabel("Email").fill(account.upn);
    await page.getByLabel("Password").fill(OP_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(isBack);
  }
}
