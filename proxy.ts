import { NextRequest, NextResponse, type NextFetchEvent } from "next/server";
import { auth } from "@/lib/auth/config";
import { serverEnv } from "@/lib/env";
import { checkRequestBody } from "@/lib/http/request-body";
import { isAllowedOrigin, ownOrigin, parseOrigin } from "@/lib/http/same-origin";
import { contentSecurityPolicy, newNonce, securityHeaders, type Transport } from "@/lib/http/security-headers";

/**
 * Every request passes here first: a foreign or missing Origin on anything but GET/HEAD/OPTIONS
 * and a body the framework could not decode are refused before any action runs; every response
 * gets the security headers and this request's script nonce. Signed-out visitors are then sent to
 * the sign-in page and back afterwards, a courtesy only: every page and action checks the actor.
 */
export async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const transport = transportOf(request);
  const own = ownOrigin(serverEnv().MAILGATE_ORIGIN, request.nextUrl.protocol, hostOf(request));
  const isApi = isRestApi(request.nextUrl.pathname);
  if (
    !isApi &&
    !isSignedLink(request.nextUrl.pathname) &&
    !isAllowedOrigin(request.method, request.headers.get("origin"), own)
  )
    return secured(plain(403, "Cross-origin request refused."), null, transport);
  if (!isApi && !SAFE_METHODS.has(request.method)) {
    const refusal = await checkRequestBody(request);
    if (refusal) return secured(plain(refusal.status, refusal.message), null, transport);
  }

  if (isAsset(request.nextUrl.pathname)) return secured(NextResponse.next(), null, transport);
  const csp = contentSecurityPolicy(newNonce(), transport, {
    inlineStyles: request.nextUrl.pathname === API_REFERENCE,
  });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = isPublic(request.nextUrl.pathname)
    ? NextResponse.next({ request: { headers } })
    : await signedInOnly(new NextRequest(request.url, { headers }), event);
  return secured(response, csp, transport);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// Auth.js reads the session cookie; the request it sees carries the CSP header on to the page.
// Its wrapper is typed as a route handler; used as a proxy, Next calls it with (request, event).
const signedInOnly = auth((request) => {
  if (request.auth) return NextResponse.next({ request: { headers: request.headers } });
  const url = new URL("/sign-in", request.nextUrl.origin);
  const back = request.nextUrl.pathname + request.nextUrl.search;
  if (back !== "/") url.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(url);
}) as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response>;

/** Scripts, styles, the icons and robots.txt (public/): no HTML, so no policy to carry; no session needed. */
const PUBLIC_FILES = new Set(["/favicon.ico", "/icon.svg", "/apple-touch-icon.png", "/robots.txt"]);
function isAsset(pathname: string): boolean {
  return pathname.startsWith("/_next/static/") || pathname.startsWith("/_next/image") || PUBLIC_FILES.has(pathname);
}

/**
 * The REST API authenticates every request by its bearer token and never reads a cookie, so a
 * forged cross-site request has nothing to ride on: the Origin check is for cookie-carrying
 * requests. Its bodies are JSON its own code reads and bounds (lib/api/endpoint.ts).
 */
function isRestApi(pathname: string): boolean {
  return pathname.startsWith("/api/v1/");
}

/** The API reference page: its renderer (Redoc) styles itself with inline style elements. */
const API_REFERENCE = "/api/docs";

/**
 * Reached signed out: the sign-in page, Auth.js's own routes, the REST API with its reference, and
 * the unsubscribe links of emails.
 */
function isPublic(pathname: string): boolean {
  return (
    pathname === "/sign-in" ||
    pathname.startsWith("/api/auth/") ||
    isRestApi(pathname) ||
    pathname === API_REFERENCE ||
    pathname.startsWith(`${API_REFERENCE}/`) ||
    pathname.startsWith("/unsubscribe")
  );
}

/**
 * One-click unsubscribe, POSTed by mail clients from their own servers (no Origin). It reads no
 * cookie: its only authority is the link's signature, so a cross-site POST can do nothing the
 * link's holder could not already do. Origin checks exist for cookie-borne authority.
 */
function isSignedLink(pathname: string): boolean {
  return pathname === "/unsubscribe/one-click";
}

/**
 * The host as Next's own server action check sees it: X-Forwarded-Host before Host. A browser
 * cannot put either on a cross-site request (a custom header needs a preflight we never grant),
 * so trusting them here opens nothing to forgery, and a proxy that forwards them needs no setting.
 */
function hostOf(request: NextRequest): string | null {
  return request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
}

function transportOf(request: NextRequest): Transport {
  const env = serverEnv();
  const configured = env.MAILGATE_ORIGIN ? parseOrigin(env.MAILGATE_ORIGIN) : null;
  return {
    https: configured ? configured.startsWith("https:") : request.nextUrl.protocol === "https:",
    dev: env.NODE_ENV === "development",
  };
}

function plain(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

function secured(response: Response, csp: string | null, transport: Transport): Response {
  for (const [name, value] of Object.entries(securityHeaders(csp, transport))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything, assets included: every response carries the headers, every POST meets the checks.
  matcher: ["/:path*"],
};
