import { expect, test } from "@playwright/test";
import { api } from "./http";
import { servedDocument } from "./openapi";

// The document itself: public, valid OpenAPI 3.1 by a validator of the specification's own
// schemas, and rendered by the reference page from files this server serves (no CDN).

test("openapi.json is public and valid OpenAPI 3.1; every operation documents authentication and rate limit refusals", async ({
  request,
}) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const doc = await response.json();
  expect(doc.openapi).toBe("3.1.0");
  // Loaded here, not at the top: two ESM-only packages required at load time trip Node 20's require(esm).
  const { Validator } = await import("@seriousme/openapi-schema-validator");
  const validator = new Validator();
  expect(await validator.validate(doc)).toEqual({ valid: true });
  const operations = Object.values(doc.paths as Record<string, Record<string, { responses: object }>>).flatMap((item) =>
    Object.values(item),
  );
  expect(operations).toHaveLength(15);
  for (const operation of operations)
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["401", "429"]));
  expect(await servedDocument(request)).toEqual(doc);
});

test("an address the API does not have answers the API's own 404", async ({ request }) => {
  const answer = await api(request, null).get("/no/such/endpoint");
  expect(answer.status).toBe(404);
  expect(answer.body).toMatchObject({ code: "NOT_FOUND", reason: "NO_SUCH_ENDPOINT" });
});

test("the reference page renders the document with Redoc, every file from this server", async ({ page, baseURL }) => {
  const foreign: string[] = [];
  const problems: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(baseURL!) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { name: "Mailgate API (1.0.0)" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "A page of the mailboxes grid" })).toBeVisible();
  await expect(page.getByText("Scope: mailboxes.approve").first()).toBeVisible();
  expect(foreign).toEqual([]);
  expect(problems).toEqual([]);
});
