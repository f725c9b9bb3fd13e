import fs from "node:fs";
import { expect, test } from "@playwright/test";
import createClient from "openapi-fetch";
import { CLIENT_TYPES, clientTypes } from "./client-types";
import type { paths } from "./generated/mailgate-api";
import { API_ENV, fixtureSecret } from "./people";

// The OpenAPI document is usable, not only valid: openapi-typescript makes types from it, and
// openapi-fetch calls the API with them (a wrong path, parameter or field fails the type check).

test("the generated client's types are the served document's: regenerating them changes nothing", async ({
  baseURL,
}) => {
  const served = await clientTypes(new URL(`${baseURL}/api/v1/openapi.json`));
  expect(served).toBe(fs.readFileSync(CLIENT_TYPES, "utf8"));
});

test("a generated client lists Tom's pending mailbox, approves it with its ETag, and reads the typed refusal", async ({
  baseURL,
}) => {
  const client = createClient<paths>({
    baseUrl: `${baseURL}/api/v1`,
    headers: { Authorization: `Bearer ${fixtureSecret("ivy.api client")}` },
  });
  const slug = API_ENV.slug;
  const list = await client.GET("/environments/{slug}/mailboxes", {
    params: { path: { slug }, query: { view: "pending", q: "tom.api", limit: 10 } },
  });
  expect(list.error).toBeUndefined();
  expect(list.data!.items.map((m) => m.name)).toEqual(["Tom Tokenmaker"]);
  const tom = list.data!.items[0]!;
  expect(tom.canApprove.allowed).toBe(true);

  const detail = await client.GET("/environments/{slug}/mailboxes/{id}", { params: { path: { slug, id: tom.id } } });
  const etag = detail.response.headers.get("etag")!;
  expect(detail.data!.approval.whoCanApprove.map((a) => a.name)).toContain("Ivy Approver");

  const approved = await client.POST("/environments/{slug}/mailboxes/{id}/approve", {
    params: { path: { slug, id: tom.id }, header: { "if-match": etag } },
  });
  expect(approved.data).toMatchObject({ outcome: "changed", version: tom.version + 1 });

  const stale = await client.POST("/environments/{slug}/mailboxes/{id}/reject", {
    params: { path: { slug, id: tom.id }, header: { "if-match": etag } },
    body: { reason: "Not a mailbox we sync" },
  });
  expect(stale.response.status).toBe(412);
  expect(stale.error).toMatchObject({ code: "0x80060882", reason: "STALE_VERSION" });
});
