import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { authenticate } from "@/lib/services/sign-in";
import { originFromHeaders } from "./origin";

/** Carries the refusal to the sign-in action; `code` is "invalid", "disabled" or "throttled:<ms>". */
export class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const CredentialsInput = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/sign-in" },
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
        const result = await authenticate(getDb(), { ...parsed.data, origin: originFromHeaders(request.headers) });
        if (result.ok) return { id: String(result.userId) };
        throw new SignInRefused(result.reason === "throttled" ? `throttled:${result.retryAt.getTime()}` : result.reason);
      },
    }),
  ],
  callbacks: {
    // The token holds the user id and nothing else; roles are read from the database per request.
    jwt({ token, user }) {
      return { sub: user?.id ?? token.sub, iat: token.iat, exp: token.exp, jti: token.jti };
    },
    session({ session, token }) {
      return { ...session, user: { id: token.sub ?? "" } } as typeof session;
    },
  },
});
