import { NextResponse } from "next/server";
import { auth } from "@/lib/auth/config";

/**
 * Sends signed-out visitors to the sign-in page and back afterwards. A courtesy only: every page
 * and server action checks the actor itself.
 */
export default auth((request) => {
  if (request.auth) return NextResponse.next();
  const url = new URL("/sign-in", request.nextUrl.origin);
  const back = request.nextUrl.pathname + request.nextUrl.search;
  if (back !== "/") url.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(url);
});

export const config = {
  matcher: ["/((?!api/auth|sign-in|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
