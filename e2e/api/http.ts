import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { documentCheck, servedDocument, type Check } from "./openapi";
import { fixtureSecret } from "./people";

/**
 * The REST API over real HTTP, as a script calls it: a bearer token, JSON in and out. Every answer
 * is checked against the served OpenAPI document (e2e/api/openapi.ts) before a test looks at it,
 * so no response in the tests escapes the document.
 */

let check: Check | null = null;

export type Answer<T = Record<string, unknown>> = { status: number; body: T; headers: Record<string, string> };

export function api(request: APIRequestContext, secret: string | null) {
  const headers = (extra: Record<string, string> = {}) => ({
    ...(secret === null ? {} : { Authorization: `Bearer ${secret}` }),
    // A fresh connection each time: a kept-alive one the server has just closed after an idle spell
    // (a test clicking through the portal meanwhile) would answer "socket hang up".
    Connection: "close",
    ...extra,
  });
  async function answer<T>(method: string, path: string, response: APIResponse): Promise<Answer<T>> {
    const text = await response.text();
    const type = response.headers()["content-type"] ?? "";
    const body = type.includes("application/json") && text ? JSON.parse(text) : text;
    check ??= documentCheck(await servedDocument(request));
    check(method, path, response, body);
    return { status: response.status(), body: body as T, headers: response.headers() };
  }
  return {
    get: async <T = Record<string, unknown>>(path: string, extra?: Record<string, string>) =>
      answer<T>("GET", path, await request.get(`/api/v1${path}`, { headers: headers(extra) })),
    send: async <T = Record<string, unknown>>(
      method: "POST" | "PATCH" | "DELETE",
      path: string,
      data?: unknown,
      extra?: Record<string, string>,
    ) =>
      answer<T>(
        method,
        path,
        await request.fetch(`/api/v1${path}`, {
          method,
          headers: headers(data === undefined ? extra : { "Content-Type": "application/json", ...extra }),
          data: data === undefined ? undefined : JSON.stringify(data),
        }),
      ),
  };
}

/** A fixture token's client (e2e/api/people.ts names them). */
export const as = (request: APIRequestContext, tokenName: string) => api(request, fixtureSecret(tokenName));

/** The error shape every refusal answers with. */
export function expectError(answer: Answer, status: number, code: string | null, reason: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body).toMatchObject({ code, reason });
}
