import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { NO_ORIGIN } from "@/lib/services/audit/log";
import { readSsoClaims } from "@/lib/policy/sso-claims";
import { endSession } from "@/lib/services/identity/sessions";
import { authenticate } from "@/lib/services/identity/sign-in";
import { signInWithSso } from "@/lib/services/identity/sso-sign-in";
import { safeRedirect } from "./callback-url";
import { originFromHeaders } from "./origin";
import { SESSION_MAX_AGE_MS } from "./session-rules";
import { sessionToken } from "./session-token";
import { ssoRefusalPath } from "./sign-in-messages";
import { isLocalSignInOn, ssoSettings } from "./sso-config";
import { ssoProvider } from "./sso-provider";

/** Carries the refusal to the sign-in action; `code` is "invalid" or "throttled:<epoch ms>", never more. */
export class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const CredentialsInput = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

const sso = ssoSettings().config;

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_MS / 1000 },
  jwt: sessionToken,
  // Errors too (a failed single sign-on, a state or nonce that does not match) land on the sign-in page.
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: {
    // A refused sign-in is an expected outcome (and audited); only real failures reach the log.
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error(error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = CredentialsInput.safeParse(raw);
        if (!parsed.success) throw new SignInRefused("invalid");
        const result = await authenticate(getDb(), {
          ...parsed.data,
          origin: originFromHeaders(request.headers),
          isLocalSignInOn: isLocalSignInOn(process.env),
        });
        if (result.ok) return { id: String(result.userId), sessionId: result.sessionId };
        throw new SignInRefused(result.reason === "throttled" ? `throttled:${result.retryAt.getTime()}` : "invalid");
      },
    }),
    ...(sso ? [ssoProvider(sso)] : []),
  ],
  callbacks: {
    /**
     * A single sign-on answer that Auth.js has verified becomes a portal sign-in here, or a refusal
     * shown on the sign-in page. The portal user and session ids ride on `user` into jwt() below,
     * as authorize() hands them over for a password sign-in (which needs nothing more here).
     */
    async signIn({ user, account, profile }) {
      if (account?.type !== "oidc") return true;
      if (!sso || !profile) return ssoRefusalPath({ ok: false, reason: "invalid" });
      const result = await signInWithSso(getDb(), {
        claims: readSsoClaims(profile, sso.kind),
        trust: sso.trust,
        origin: await requestOrigin(),
      });
      if (!result.ok) return ssoRefusalPath(result);
      user.id = String(result.userId);
      user.sessionId = result.sessionId;
      return true;
    },
    // The token holds the user and session ids and nothing else; the session is checked and the
    // roles are read from the database on every request (lib/auth/current-actor.ts).
    jwt({ token, user }) {
      return {
        sub: user?.id ?? token.sub,
        sid: user?.sessionId ?? token.sid,
        iat: token.iat,
        exp: token.exp,
        jti: token.jti,
      };
    },
    session({ session, token }) {
      const sessionId = typeof token.sid === "string" ? token.sid : undefined;
      return { ...session, user: { id: token.sub ?? "" }, sessionId } as typeof session;
    },
    redirect({ url, baseUrl }) {
      return safeRedirect(url, baseUrl);
    },
  },
  events: {
    // Every sign-out (our action or Auth.js's own /api/auth/signout) ends the server-side session.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await endSession(getDb(), { sessionId: sid, origin: await requestOrigin() });
    },
  },
});

async function requestOrigin() {
  try {
    return originFromHeaders(await headers());
  } catch {
    return NO_ORIGIN;
  }
}
