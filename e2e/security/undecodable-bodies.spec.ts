import { expect, test, type Request } from "@playwright/test";
import { DEMO_PASSWORD, upn } from "../helpers";
import { auditEvents, send, signedInCookie } from "./raw-http";

// Issue 11, "Bad input": bodies Next itself cannot decode answered 500 before any of our code ran.
// proxy.ts now refuses them with 400 or 413. Each carries a sign-in for an account of this test's
// own, so had the sign-in action run, the audit log would show it.

test("server action bodies the framework cannot decode are refused with 4xx, and no action runs", async ({
  page,
  baseURL,
}) => {
  await page.goto("/sign-in");
  const caught = new Promise<Request>((resolve) => {
    void page.route("**/sign-in", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      resolve(route.request());
      await route.abort();
    });
  });
  await page.getByLabel("Email").fill("caught@nowhere.example");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const signIn = await caught;
  const sent = await signIn.allHeaders();
  const actionId = sent["next-action"]!;

  const marker = `undecodable-${test.info().workerIndex}-${Date.now()}@nowhere.example`;
  const boundary = "----e2e";
  const multipart = (fields: [string, string][]) =>
    fields
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("") + `--${boundary}--\r\n`;
  const fields: [string, string][] = [
    ["1_email", marker],
    ["1_password", "not-the-password"],
  ];
  const text = "text/plain;charset=UTF-8";
  const form = `multipart/form-data; boundary=${boundary}`;
  const cases: [string, string, string | Buffer, number, boolean][] = [
    // [case, content type, body, status, sent as a fetch action (Next-Action header)]
    ["a reply that is not JSON", text, `[{"email":"${marker}"`, 400, true],
    [
      "a reply that is not UTF-8",
      text,
      Buffer.concat([Buffer.from(`["${marker}`), Buffer.from([0xff, 0xfe]), Buffer.from('"]')]),
      400,
      true,
    ],
    ["a reply nested 10,000 deep", text, `${"[".repeat(10_000)}"${marker}"${"]".repeat(10_000)}`, 400, true],
    ["multipart without a boundary", "multipart/form-data", multipart([["0", '["$K1"]'], ...fields]), 400, true],
    ["truncated multipart", form, multipart([["0", '["$K1"]'], ...fields]).slice(0, -20), 400, true],
    ["multipart without the reply's root", form, multipart(fields), 400, true],
    ["a reply part that is not JSON", form, multipart([["0", '["$1"]'], ["1", "{{"], ...fields]), 400, true],
    [
      "broken multipart posted without JavaScript",
      form,
      `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\n${marker}`,
      400,
      false,
    ],
    ["2 MB, over the 1 MB actions accept", text, JSON.stringify([marker, "x".repeat(2_000_000)]), 413, true],
  ];
  for (const [name, contentType, body, status, isFetchAction] of cases) {
    const response = await send(`${baseURL}/sign-in`, {
      method: "POST",
      headers: {
        origin: baseURL!,
        "content-type": contentType,
        ...(isFetchAction ? { "next-action": actionId, accept: "text/x-component" } : {}),
      },
      body,
    });
    expect(response.status, name).toBe(status);
  }
  // The browser's own body, with an address of ours, does run the action: the refusals were the bodies'.
  const control = `decodable-${test.info().workerIndex}-${Date.now()}@nowhere.example`;
  const replayed = await send(`${baseURL}/sign-in`, {
    method: "POST",
    headers: {
      origin: baseURL!,
      "content-type": sent["content-type"]!,
      "next-action": actionId,
      accept: "text/x-component",
    },
    body: signIn.postDataBuffer()!.toString("utf8").replace("caught@nowhere.example", control),
  });
  expect(replayed.status).toBe(200);
  const cookie = await signedInCookie(baseURL!, upn("ava"), DEMO_PASSWORD);
  expect(await auditEvents(baseURL!, cookie, marker)).toEqual([]);
  expect((await auditEvents(baseURL!, cookie, control)).map((e) => e.action)).toEqual(["SignInFailed"]);
});
