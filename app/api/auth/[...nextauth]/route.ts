import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/config";
import { publicAuthUrl } from "@/lib/auth/public-url";

// Auth.js sees the address the browser used, so a provider's callback computes the same
// redirect_uri as the sign-in that sent the browser there (lib/auth/public-url.ts).
const addressed = (request: NextRequest) =>
  new NextRequest(publicAuthUrl(request.url, request.headers, process.env), request);

export const GET = (request: NextRequest) => handlers.GET(addressed(request));
export const POST = (request: NextRequest) => handlers.POST(addressed(request));
