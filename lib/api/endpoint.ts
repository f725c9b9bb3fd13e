import "server-only";
import "zod-openapi";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { originFromHeaders } from "@/lib/auth/origin";
import type { Actor } from "@/lib/policy/actor";
import { decideScope, type ApiScope } from "@/lib/policy/api-tokens";
import type { RequestOrigin } from "@/lib/services/audit/log";
import { authenticateApiToken, type TokenIdentity } from "@/lib/services/identity/token-auth";
import { ApiFailure, errorResponse } from "./errors";
import { jsonBody, parse, queryOf } from "./request";
import { serverEnv } from "@/lib/env";
import { DEFAULT_LIMIT, rateLimitHeaders } from "@/lib/policy/api-rate-limit";
import { countApiRequest } from "@/lib/services/identity/rate-windows";

/**
 * One REST endpoint, declared once: its address, scopes and zod schemas (which the OpenAPI
 * document is generated from, lib/api/openapi.ts) and `run`, which calls the same service the
 * browser's action calls. Everything between the request and `run` happens here, the same way for
 * every endpoint: the bearer token, the rate limit, the scope, then path, query and body parsed
 * with the very schemas the document shows. Cookies are never read: only a token authenticates.
 */

export type Method = "GET" | "POST" | "PATCH" | "DELETE";
export type ApiContext = { db: Db; actor: Actor; token: TokenIdentity; origin: RequestOrigin; now: Date };
export type ResponseSpec = { description: string; schema?: z.ZodType; contentType?: string; headers?: z.ZodObject };

const EMPTY = z.object({});
type Run<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = (
  input: { params: z.output<P>; query: z.output<Q>; body: z.output<B>; headers: Headers },
  ctx: ApiContext,
) => Response | Promise<Response>;

export type EndpointSpec = {
  method: Method;
  /** As OpenAPI writes it: `/environments/{slug}/mailboxes`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** The token needs one of these; none listed: any token. */
  scopes: readonly ApiScope[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Headers the endpoint reads (If-Match, If-None-Match), for the document. */
  requestHeaders?: z.ZodObject;
  responses: Record<number, ResponseSpec>;
  /** Refusals beyond authentication, rate limit, scope and invalid input, for the document. */
  errors: number[];
};

export type Endpoint = EndpointSpec & {
  handle: (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
};

export function defineEndpoint<
  P extends z.ZodObject = typeof EMPTY,
  Q extends z.ZodObject = typeof EMPTY,
  B extends z.ZodType = typeof EMPTY,
>(spec: EndpointSpec & { params?: P; query?: Q; body?: B; run: Run<P, Q, B> }): Endpoint {
  const { run, ...rest } = spec;
  return {
    ...rest,
    handle: async (request, context) => {
      let limitHeaders: Record<string, string> = {};
      try {
        const now = new Date();
        const db = getDb();
        const origin = originFromHeaders(request.headers);
        const auth = await authenticate(db, request, origin, now);
        limitHeaders = await takeRateLimit(db, auth.token.id, now);
        const scope = decideScope(auth.token.scopes, spec.scopes);
        if (!scope.allowed)
          throw new ApiFailure(
            403,
            { code: scope.code, reason: scope.reason, message: scope.message, details: { scopes: spec.scopes } },
            { "WWW-Authenticate": `Bearer error="insufficient_scope", scope="${spec.scopes.join(" ")}"` },
          );
        const input = {
          // A route without dynamic segments has no params at all.
          params: parse(spec.params ?? EMPTY, (await context?.params) ?? {}, "path"),
          query: parse(spec.query ?? EMPTY, queryOf(request), "query"),
          body: spec.body ? parse(spec.body, await jsonBody(request), "body") : {},
          headers: request.headers,
        };
        const response = await run(input as Parameters<Run<P, Q, B>>[0], {
          db,
          ...auth,
          origin: { ...origin, token: { id: auth.token.id, name: auth.token.name } },
          now,
        });
        for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
        if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
        return response;
      } catch (error) {
        if (error instanceof ApiFailure) return errorResponse(error, limitHeaders);
        console.error(error);
        return errorResponse(
          new ApiFailure(500, {
            code: "INTERNAL",
            reason: null,
            message: "Something went wrong on our side. The details are in the server's log.",
            details: null,
          }),
          limitHeaders,
        );
      }
    },
  };
}

async function authenticate(db: Db, request: Request, origin: RequestOrigin, now: Date) {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match)
    throw new ApiFailure(
      401,
      {
        code: "UNAUTHENTICATED",
        reason: "TOKEN_MISSING",
        message: "Send a personal access token: Authorization: Bearer <token>.",
        details: null,
      },
      { "WWW-Authenticate": 'Bearer realm="mailgate"' },
    );
  const auth = await authenticateApiToken(db, { secret: match[1]!, origin, now });
  if (!auth.ok)
    throw new ApiFailure(
      401,
      { code: "UNAUTHENTICATED", reason: auth.reason, message: auth.message, details: null },
      { "WWW-Authenticate": `Bearer realm="mailgate", error="invalid_token"` },
    );
  return { actor: auth.actor, token: auth.token };
}

/** Counts the request in the token's window, shared by every app server; past the limit, 429. */
async function takeRateLimit(db: Db, tokenId: number, now: Date): Promise<Record<string, string>> {
  const verdict = await countApiRequest(db, tokenId, now, serverEnv().MAILGATE_API_RATE_LIMIT ?? DEFAULT_LIMIT);
  const headers = rateLimitHeaders(verdict);
  if (!verdict.isAllowed)
    throw new ApiFailure(
      429,
      {
        code: "TOO_MANY_REQUESTS",
        reason: "RATE_LIMITED",
        message: `This token made more than ${verdict.limit} requests this minute. Try again in ${verdict.resetSeconds} s.`,
        details: { limit: verdict.limit, retryAfterSeconds: verdict.resetSeconds },
      },
      { ...headers, "Retry-After": String(verdict.resetSeconds) },
    );
  return headers;
}

/** A route file's exports: each method's handler. */
export function routeOf(...endpoints: Endpoint[]) {
  return Object.fromEntries(endpoints.map((e) => [e.method, e.handle])) as Record<Method, Endpoint["handle"]>;
}

/** A JSON answer with optional headers (ETag, Location). */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers });
}
