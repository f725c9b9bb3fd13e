import fs from "node:fs";
import path from "node:path";
import { expect, test, type Request } from "@playwright/test";
import { DEMO_PASSWORD, signInAndWait, upn } from "../helpers";
import { auditEvents, postCredentials, send, signedInCookie, type RawResponse } from "./raw-http";

// Issue 11, "Headers, origins": replayed through HTTP against the e2e server (plain http, so no HSTS).

const REFUSED = "Cross-origin request refused.";
const nonceOf = (response: RawResponse) =>
  /'nonce-([^']+)'/.exec(String(response.headers["content-security-policy"]))?.[1];

test("a page, the sign-in page, an Auth.js route, a redirect, a refusal and a script all carry the security headers", async ({
  baseURL,
}) => {
  const cookie = await signedInCookie(baseURL!, upn("bob"), DEMO_PASSWORD);
  const signInPage = await send(`${baseURL}/sign-in`);
  const script = /<script[^>]+src="([^"]+)"/.exec(signInPage.body)![1]!;
  const responses = {
    page: await send(`${baseURL}/my-mailbox`, { headers: { cookie } }),
    signInPage,
    authRoute: await send(`${baseURL}/api/auth/session`),
    redirect: await send(`${baseURL}/audit`),
    refusal: await send(`${baseURL}/sign-in`, { method: "POST" }),
    script: await send(`${baseURL}${script}`),
  };
  expect([
    responses.page.status,
    responses.signInPage.status,
    responses.redirect.status,
    responses.script.status,
  ]).toEqual([200, 200, 307, 200]);
  for (const [name, response] of Object.entries(responses)) {
    const h = response.headers;
    expect(h["referrer-policy"], name).toBe("same-origin");
    expect(h["x-content-type-options"], name).toBe("nosniff");
    expect(h["x-frame-options"], name).toBe("DENY");
    expect(h["permissions-policy"], name).toContain("camera=()");
    expect(h["x-robots-tag"], name).toBe("noindex, nofollow");
    expect(h["strict-transport-security"], name).toBeUndefined();
  }
  for (const name of ["page", "signInPage", "authRoute", "redirect"] as const) {
    const csp = String(responses[name].headers["content-security-policy"]);
    for (const directive of [
      "default-src 'self'",
      "'strict-dynamic'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp, name).toContain(directive);
    }
    expect(csp, name).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'(;|$)/);
    expect(csp, name).not.toContain("unsafe");
  }
});

test("the script nonce is new on every request and is the one on every script tag", async ({ baseURL }) => {
  const cookie = await signedInCookie(baseURL!, upn("bob"), DEMO_PASSWORD);
  const pages = [
    await send(`${baseURL}/sign-in`),
    await send(`${baseURL}/sign-in`),
    await send(`${baseURL}/my-mailbox`, { headers: { cookie } }),
  ];
  const nonces = pages.map(nonceOf);
  expect(new Set(nonces).size).toBe(3);
  pages.forEach((response, i) => {
    const scripts = response.body.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(3);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonces[i]}"`);
  });
});

const FOREIGN_ORIGINS: [string, string | undefined][] = [
  ["no Origin", undefined],
  ["Origin null", "null"],
  ["another site", "http://evil.example"],
  ["another origin on this machine", "http://localhost:1"],
  ["our host over https", "https://127.0.0.1"],
];

test("a real server action replayed with ava's cookie and a foreign, null or missing Origin is refused, and creates nothing", async ({
  page,
  baseURL,
}) => {
  await signInAndWait(page, "ava", "Ava Alvarez");
  const newUpn = `e2e-origin-${test.info().workerIndex}-${Date.now()}@contoso.com`;
  await page.goto("/tenant/users");
  // The browser's own call, caught on its way out: the replays below send exactly its bytes.
  const caught = new Promise<Request>((resolve) => {
    void page.route("**/tenant/users", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      resolve(route.request());
      await route.abort();
    });
  });
  await page.getByRole("button", { name: "New user" }).click();
  const panel = page.getByRole("dialog", { name: "New user" });
  await panel.getByLabel("Display name").fill(`Zz Origin ${newUpn}`);
  await panel.getByLabel("User principal name (email)").fill(newUpn);
  await panel.getByLabel("Password").fill("a-long-password-for-e2e");
  await panel.getByRole("button", { name: "Create" }).click();
  const action = await caught;
  const sent = await action.allHeaders();
  expect(sent["origin"]).toBe(baseURL);
  const body = action.postDataBuffer()!;
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const replay = (origin: string | undefined) =>
    send(`${baseURL}/tenant/users`, {
      method: "POST",
      headers: {
        "next-action": sent["next-action"]!,
        "content-type": sent["content-type"]!,
        accept: "text/x-component",
        cookie,
        ...(origin === undefined ? {} : { origin }),
      },
      body,
    });

  for (const [name, origin] of FOREIGN_ORIGINS) {
    const response = await replay(origin);
    expect(response.status, name).toBe(403);
    expect(response.body, name).toBe(REFUSED);
  }
  // The form path a browser without JavaScript takes (no Next-Action header), from a sandboxed frame.
  const form = await new Response(new Uint8Array(body), {
    headers: { "content-type": sent["content-type"]! },
  }).formData();
  const noScript = new FormData();
  noScript.set(`$ACTION_ID_${sent["next-action"]}`, "");
  for (const [name, value] of form) if (name.startsWith("1_")) noScript.set(name.slice(2), value);
  const encoded = new Response(noScript);
  const noScriptResponse = await send(`${baseURL}/tenant/users`, {
    method: "POST",
    headers: { "content-type": encoded.headers.get("content-type")!, origin: "null", cookie },
    body: Buffer.from(await encoded.arrayBuffer()),
  });
  expect(noScriptResponse.status).toBe(403);
  expect(await auditEvents(baseURL!, cookie, newUpn)).toEqual([]);

  // The same bytes from our own origin do create the user: the refusals above were the Origin's.
  expect((await replay(baseURL)).status).toBeLessThan(400);
  expect((await auditEvents(baseURL!, cookie, newUpn)).map((e) => e.action)).toEqual(["UserCreated"]);
});

test("Auth.js's own POST routes refuse a foreign Origin: no sign-in happens, and sign-out leaves the session alone", async ({
  baseURL,
}) => {
  const cookie = await signedInCookie(baseURL!, upn("bob"), DEMO_PASSWORD);
  const { csrfToken } = JSON.parse((await send(`${baseURL}/api/auth/csrf`, { headers: { cookie } })).body) as {
    csrfToken: string;
  };
  for (const [name, origin] of FOREIGN_ORIGINS) {
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      ...(origin === undefined ? {} : { origin }),
    };
    const signOut = await send(`${baseURL}/api/auth/signout`, {
      method: "POST",
      headers: { ...headers, cookie },
      body: new URLSearchParams({ csrfToken }).toString(),
    });
    expect(signOut.status, name).toBe(403);
    const signIn = await postCredentials(baseURL!, upn("bob"), DEMO_PASSWORD, { origin: origin ?? null });
    expect(signIn.response.status, name).toBe(403);
    expect(signIn.response.setCookies.join("\n"), name).not.toContain("session-token");
  }
  const session = JSON.parse((await send(`${baseURL}/api/auth/session`, { headers: { cookie } })).body) as {
    user?: { id?: string };
  };
  expect(session.user?.id).toBeTruthy();
});

test("behind a TLS proxy that forwards host and scheme: HSTS, upgraded requests, Secure cookies, and only the public origin may post", async ({
  baseURL,
}) => {
  const proxied = { "x-forwarded-proto": "https", "x-forwarded-host": "mailgate.example.com" };
  const page = await send(`${baseURL}/sign-in`, { headers: proxied });
  expect(page.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  expect(page.headers["content-security-policy"]).toContain("upgrade-insecure-requests");
  const refused = await postCredentials(baseURL!, upn("bob"), DEMO_PASSWORD, {
    headers: proxied,
    origin: "http://mailgate.example.com",
  });
  expect(refused.response.status).toBe(403);
  const { response } = await postCredentials(baseURL!, upn("bob"), DEMO_PASSWORD, {
    headers: proxied,
    origin: "https://mailgate.example.com",
  });
  const session = response.setCookies.find((c) => c.includes("session-token="));
  expect(session).toMatch(/^__Secure-authjs\.session-token=[^;]+;.*; Secure(;|$)/);
});

test("PUT, PATCH and DELETE need our Origin like POST", async ({ baseURL }) => {
  for (const method of ["PUT", "PATCH", "DELETE"]) {
    const response = await send(`${baseURL}/sign-in`, { method, headers: { origin: "http://evil.example" } });
    expect(response.status, method).toBe(403);
  }
});

test("the bench's /diagnostics/baseline is no route of a build made without MAILGATE_DIAGNOSTICS=1", async ({
  baseURL,
}) => {
  const cookie = await signedInCookie(baseURL!, upn("ava"), DEMO_PASSWORD);
  const response = await send(`${baseURL}/diagnostics/baseline`, { headers: { cookie } });
  expect(response.status).toBe(404);
  expect(response.body).not.toContain("Baseline rows");
  const manifest = path.join(process.env.NEXT_DIST_DIR || ".next", "server", "app-paths-manifest.json");
  const routes = Object.keys(JSON.parse(fs.readFileSync(manifest, "utf8")) as Record<string, string>);
  expect(routes).toContain("/(portal)/my-mailbox/page");
  expect(routes.filter((route) => route.includes("/diagnostics/"))).toEqual([]);
});
