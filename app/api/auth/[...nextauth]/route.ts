import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/config";
import { publicAuthUrl } from "@/lib/auth/public-url";

/**
 * Auth.js sees the address the browser used, so a provider's callback computes the same
 * redirect_uri as the sign-in that sent the browser there (lib/auth/public-url.ts). A plain
 * Request carries it: a NextRequest would turn 127.0.0.1 into "localhost".
 */
function addressed(request: NextRequest): NextRequest {
  const url = publicAuthUrl(request.url, request.headers, process.env);
  if (url === request.url) return request;
  const init: RequestInit & { duplex: "half" } = {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    duplex: "half",
  };
  // Auth.js reads only what every Request has; next-auth reads nextUrl only when AUTH_URL is set, and then no copy is made.
  return new Request(url, init) as NextRequest;
}

export const GET = (request: NextRequest) => handlers.GET(addressed(request));
export const POST = (request: NextRequest) => handlers.POST(addressed(request));
