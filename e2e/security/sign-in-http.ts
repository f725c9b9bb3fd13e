import { expect, request, type APIRequestContext, type APIResponse } from "@playwright/test";
import { DEMO_PASSWORD } from "../helpers";

/**
 * Sign-in over plain HTTP, the way a script attacks it: Auth.js's CSRF token, then POSTs to its
 * credentials callback. `forwardedFor` gives a test a client address of its own (the e2e server
 * trusts X-Forwarded-For from loopback), so bursts never throttle the rest of the suite's 127.0.0.1.
 */

export const baseURL = () => `http://127.0.0.1:${process.env.E2E_PORT}`;

export type Client = { http: APIRequestContext; csrfToken: string };

export async function newClient(forwardedFor?: string): Promise<Client> {
  const headers: Record<string, string> = { Origin: baseURL() };
  if (forwardedFor) headers["X-Forwarded-For"] = forwardedFor;
  const http = await request.newContext({ baseURL: baseURL(), extraHTTPHeaders: headers });
  const { csrfToken } = (await (await http.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return { http, csrfToken };
}

/** A test-unique documentation address (RFC 5737), so parallel tests never share a throttle bucket. */
export function testAddress(title: string): string {
  let hash = 0;
  for (const ch of title) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `198.51.${(hash >>> 8) % 256}.${hash % 256}`;
}

export type Outcome = "signed-in" | "invalid" | "throttled";

export async function postCredentials(
  client: Client,
  email: string,
  password: string,
  callbackUrl = "/",
): Promise<APIResponse> {
  return client.http.post("/api/auth/callback/credentials", {
    form: { email, password, callbackUrl, csrfToken: client.csrfToken },
    maxRedirects: 0,
  });
}

/** What Auth.js answered: a redirect back to /sign-in with the refusal's code, or to the page asked for. */
export function outcomeOf(response: APIResponse): Outcome {
  expect(response.status(), "Auth.js answers a sign-in with a redirect").toBe(302);
  const location = new URL(response.headers()["location"] ?? "", baseURL());
  if (location.pathname !== "/sign-in") return "signed-in";
  const code = location.searchParams.get("code") ?? "";
  if (code === "invalid") return "invalid";
  if (/^throttled:\d+$/.test(code)) return "throttled";
  throw new Error(`Unexpected sign-in answer: ${location.href}`);
}

export async function signInOver(client: Client, email: string, password = DEMO_PASSWORD): Promise<Outcome> {
  return outcomeOf(await postCredentials(client, email, password));
}

/** A signed-in client and its session cookie, as a thief would copy it. */
export async function signedIn(email: string, forwardedFor?: string): Promise<Client & { cookie: string }> {
  const client = await newClient(forwardedFor);
  expect(await signInOver(client, email)).toBe("signed-in");
  const session = (await client.http.storageState()).cookies.find((c) => c.name.endsWith("authjs.session-token"));
  if (!session) throw new Error(`No session cookie for ${email}`);
  return { ...client, cookie: `${session.name}=${session.value}` };
}

/** Where a GET lands with exactly this cookie and no other: a page (200) or the sign-in redirect. */
export async function visitWithCookie(
  path: string,
  cookie: string,
): Promise<{ status: number; location: string | null }> {
  const http = await request.newContext({ baseURL: baseURL() });
  const response = await http.get(path, { headers: { Cookie: cookie }, maxRedirects: 0 });
  const result = { status: response.status(), location: response.headers()["location"] ?? null };
  await http.dispose();
  return result;
}

type AuditEvent = { action: string; reason: string | null; targetLabel: string | null; clientIp: string | null };

/** The audit trail about one account, read through the JSON export as the Global Administrator. */
export async function auditEventsAbout(upn: string): Promise<AuditEvent[]> {
  const ava = await signedIn("ava@contoso.com");
  const response = await ava.http.get(`/audit/export/json?target=${encodeURIComponent(upn)}`);
  expect(response.status()).toBe(200);
  const events = ((await response.json()) as AuditEvent[]).filter((e) => e.targetLabel === upn);
  await ava.http.dispose();
  return events;
}
