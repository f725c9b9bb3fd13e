import { z } from "zod";
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from "zod-openapi";
import { API_SCOPES, MAX_TOKEN_DAYS, SCOPE_DESCRIPTIONS } from "@/lib/policy/api-tokens";
import type { Endpoint, ResponseSpec } from "./endpoint";
import { ENDPOINTS } from "./endpoints";
import { ApiErrorBody } from "./errors";

/**
 * The OpenAPI 3.1 document, generated from the endpoints' own declarations: the zod schemas each
 * endpoint parses its input with and answers with, its scopes and its refusals. There is no copy
 * to keep in step: change a schema and the document, the validation and the generated clients move together.
 */

const header = (id: string, description: string) => z.string().meta({ description, header: { id } });
const RATE_LIMIT = {
  "RateLimit-Limit": header("RateLimit-Limit", "Requests this token may make in a window."),
  "RateLimit-Remaining": header("RateLimit-Remaining", "Requests left in this window."),
  "RateLimit-Reset": header("RateLimit-Reset", "Seconds until the window starts again."),
  "RateLimit-Policy": header("RateLimit-Policy", "The limit and its window in seconds, e.g. `600;w=60`."),
};

const ERRORS: Record<number, string> = {
  400: "The body is not JSON.",
  401: "No token, or one that is unknown, revoked or expired, or whose owner is disabled, or tokens are off for the tenant (`reason` says which).",
  403: "Refused by the rules (the portal's code, e.g. 0x80040256 or 0x80090904) or by the token's scopes (INSUFFICIENT_SCOPE).",
  404: "No such thing here, or not yours to see (the same answer).",
  409: "A conflict with the current state: STALE_VERSION, PRECHECK_EXPIRED, ALREADY_DELEGATED.",
  412: "If-Match no longer matches: the mailbox changed since you read it (STALE_VERSION).",
  413: "The body is larger than 1 MB.",
  415: "The body is not sent as application/json.",
  422: "The input is not valid (`details` lists each problem), or the rules refuse it as input (e.g. an end date past the maximum).",
  429: "This token made too many requests: wait `Retry-After` seconds.",
};

const errorResponse = (status: number) => ({
  description: ERRORS[status] ?? "Refused.",
  content: { "application/json": { schema: ApiErrorBody } },
  headers:
    status === 429
      ? z.object({ ...RATE_LIMIT, "Retry-After": header("Retry-After", "Seconds to wait before the next request.") })
      : undefined,
});

function successResponse(spec: ResponseSpec) {
  return {
    description: spec.description,
    headers: z.object({ ...RATE_LIMIT, ...(spec.headers?.shape ?? {}) }),
    content: spec.schema ? { [spec.contentType ?? "application/json"]: { schema: spec.schema } } : undefined,
  };
}

/** The statuses an endpoint can refuse with: authentication and rate limit always, the rest as it says. */
function refusalsOf(e: Endpoint): number[] {
  const statuses = new Set([401, 429, ...e.errors]);
  if (e.scopes.length) statuses.add(403);
  if (e.params || e.query || e.body) statuses.add(422);
  if (e.body) [400, 413, 415].forEach((s) => statuses.add(s));
  return [...statuses].sort();
}

type StatusKey = `${1 | 2 | 3 | 4 | 5}${string}`;

function operationOf(e: Endpoint): ZodOpenApiOperationObject {
  const scopes = e.scopes.length ? `Scope: ${e.scopes.map((s) => `\`${s}\``).join(" or ")}.` : "Any token.";
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, spec] of Object.entries(e.responses)) responses[status as StatusKey] = successResponse(spec);
  for (const status of refusalsOf(e)) responses[String(status) as StatusKey] = errorResponse(status);
  return {
    operationId: e.operationId,
    summary: e.summary,
    description: [e.description, scopes].filter(Boolean).join("\n\n"),
    tags: [e.tag],
    requestParams: {
      ...(e.params ? { path: e.params } : {}),
      ...(e.query ? { query: e.query } : {}),
      ...(e.requestHeaders ? { header: e.requestHeaders } : {}),
    },
    ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: e.body } } } } : {}),
    responses,
  };
}

const DESCRIPTION = `Approve and reject mailboxes, manage Delegated Mailbox Approver delegations and read the audit log from scripts, under the same rules as the portal: a token acts as its owner, with the owner's rights as they are at each request, narrowed by its scopes.

Create a token on **API tokens** in the portal (it expires within ${MAX_TOKEN_DAYS} days and is shown once), and send it as \`Authorization: Bearer <token>\`. Every change is audited as the portal audits it, with the token's id and name.

Scopes:

${API_SCOPES.map((s) => `- \`${s}\`: ${SCOPE_DESCRIPTIONS[s]}.`).join("\n")}

Refusals share one shape, \`{code, reason, message, details}\`, with the portal's codes (0x80040256, 0x80090904, 0x80090905, STALE_VERSION, …).`;

export function openApiDocument() {
  const paths: ZodOpenApiPathsObject = {};
  for (const e of ENDPOINTS) paths[e.path] = { ...paths[e.path], [e.method.toLowerCase()]: operationOf(e) };
  return createDocument({
    openapi: "3.1.0",
    info: { title: "Mailgate API", version: "1.0.0", description: DESCRIPTION },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerToken: [] }],
    tags: [
      { name: "Environments" },
      { name: "Mailboxes" },
      { name: "Approval" },
      { name: "Delegations" },
      { name: "Audit" },
    ],
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "A personal access token (mgp_…)." },
      },
    },
    paths,
  });
}
