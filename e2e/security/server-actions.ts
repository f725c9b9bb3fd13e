import fs from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import { DEMO_PASSWORD, upn } from "../helpers";

/**
 * Replays server actions through HTTP the way an attacker does: the action id from the build's
 * manifest, a hand-made body, and somebody's session cookie. No browser, no UI checks in the way.
 */

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };

/** An action by its source file (from the project root) and exported name. */
export type ActionRef = { file: string; name: string };

let manifest: Manifest | null = null;

function readManifest(): Manifest {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  manifest ??= JSON.parse(
    fs.readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8"),
  ) as Manifest;
  return manifest;
}

export function actionId(ref: ActionRef): string {
  const entry = Object.entries(readManifest().node).find(
    ([, v]) => v.filename === ref.file && v.exportedName === ref.name,
  );
  if (!entry) throw new Error(`No server action ${ref.name} in ${ref.file}: is the build current?`);
  return entry[0];
}

/** Every server action of the build, for tests that must cover them all. */
export function allActions(): (ActionRef & { id: string })[] {
  return Object.entries(readManifest().node).map(([id, v]) => ({ id, file: v.filename, name: v.exportedName }));
}

const baseURL = () => `http://127.0.0.1:${process.env.E2E_PORT}`;

type ClientOptions = { userAgent?: string };

/** A cookie jar of its own; `Origin` as a browser sends it on every POST. */
export async function anonymousClient(options: ClientOptions = {}): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: baseURL(), extraHTTPHeaders: { Origin: baseURL() }, ...options });
}

/** A client signed in as the demo user `alias` through Auth.js's own credentials endpoint. */
export async function signedInClient(
  alias: string,
  password = DEMO_PASSWORD,
  options: ClientOptions = {},
): Promise<APIRequestContext> {
  const client = await anonymousClient(options);
  await signInOver(client, upn(alias), password);
  return client;
}

export async function signInOver(client: APIRequestContext, email: string, password: string): Promise<APIResponse> {
  const { csrfToken } = (await (await client.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await client.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken, callbackUrl: "/" },
    maxRedirects: 0,
  });
  const cookies = await client.storageState();
  if (!cookies.cookies.some((c) => c.name.endsWith("authjs.session-token")))
    throw new Error(`Sign-in as ${email} failed (${response.status()})`);
  return response;
}

/** A form's fields; an array value repeats the field (checkbox lists). */
export type FormFields = Record<string, string | string[]>;
export const form = (fields: FormFields) => ({ form: fields });
type Arg = unknown | ReturnType<typeof form>;

const isForm = (arg: unknown): arg is { form: FormFields } =>
  typeof arg === "object" && arg !== null && Object.keys(arg).length === 1 && "form" in arg;

/** React's reply encoding: strings starting with "$" are escaped as "$$". */
function escapeStrings(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("$") ? `$${value}` : value;
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeStrings(v)]));
  return value;
}

/**
 * The body React's client sends for these arguments: plain JSON, or multipart when an argument is a
 * form: its fields prefixed with `_<reference id>_`, then the argument list in field "0" (last: the
 * server reads the fields in order).
 */
export function encodeArgs(args: Arg[]): { data: string } | { multipart: FormData } {
  if (!args.some(isForm)) return { data: JSON.stringify(escapeStrings(args)) };
  const multipart = new FormData();
  let refId = 0;
  const root = args.map((arg) => {
    if (!isForm(arg)) return escapeStrings(arg);
    refId++;
    for (const [key, value] of Object.entries(arg.form))
      for (const v of [value].flat()) multipart.append(`_${refId}_${key}`, v);
    return `$K${refId.toString(16)}`;
  });
  multipart.append("0", JSON.stringify(root));
  return { multipart };
}

export type ActionReply = { status: number; redirect: string | null; value: unknown; body: string };

/** Calls a server action with these arguments; `value` is what the action returned (parsed from the RSC reply). */
export async function callAction(
  client: APIRequestContext,
  ref: ActionRef,
  args: Arg[],
  pagePath = "/",
): Promise<ActionReply> {
  const headers = { "Next-Action": actionId(ref), Accept: "text/x-component" };
  const encoded = encodeArgs(args);
  let response: APIResponse;
  if ("data" in encoded) {
    response = await client.post(pagePath, {
      headers: { ...headers, "Content-Type": "text/plain;charset=UTF-8" },
      data: encoded.data,
      maxRedirects: 0,
    });
  } else {
    response = await client.post(pagePath, { headers, multipart: encoded.multipart, maxRedirects: 0 });
  }
  return readReply(response);
}

export async function readReply(response: APIResponse): Promise<ActionReply> {
  const body = await response.text();
  const redirect = response.headers()["x-action-redirect"]?.split(";")[0] ?? null;
  return { status: response.status(), redirect, value: parseRscRow(body, "1"), body };
}

/** The value of one row of an RSC reply (`1:{…}`), or undefined. */
function parseRscRow(body: string, id: string): unknown {
  const line = body.split("\n").find((l) => l.startsWith(`${id}:`));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice(id.length + 1));
  } catch {
    return line.slice(id.length + 1);
  }
}
