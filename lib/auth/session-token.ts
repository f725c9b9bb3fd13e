import { decode, encode, type JWT, type JWTDecodeParams, type JWTEncodeParams } from "next-auth/jwt";
import { SESSION_TOKEN_RENEW_AFTER_MS } from "./session-rules";

/**
 * The session cookie's codec: Auth.js's own encode and decode (the same A256CBC-HS512 JWE, the
 * same key derivation and checks), not redone for a token this process has already opened.
 *
 * Auth.js decodes the cookie and encrypts a fresh one on every call of `auth()`, twice per request
 * (the proxy and the page), each time deriving the key again (HKDF) and hashing its thumbprint:
 * about 2 ms of CPU per call on this machine, a fifth of a page's. Here a token opened once is
 * kept (keyed by its exact text, under the secrets and salt it was opened with) and its expiry is
 * checked again on every use; the token a request brought is handed back as the renewed one until
 * it is SESSION_TOKEN_RENEW_AFTER_MS old. Whether the session is live (signed out, revoked, idle,
 * the user disabled) is still read from the database on every request (lib/auth/current-actor.ts).
 */
export const sessionToken = { encode: encodeSessionToken, decode: decodeSessionToken };

/** Tokens opened recently. Bounded: a flood of distinct valid tokens only evicts the oldest. */
const MAX_KEPT = 1000;
type Kept = { token: string; payload: JWT };
const byToken = new Map<string, Kept>();
const byJti = new Map<string, Kept>();

/** The same leeway Auth.js gives jose for the expiry (seconds). */
const CLOCK_TOLERANCE_S = 15;

async function decodeSessionToken(params: JWTDecodeParams): Promise<JWT | null> {
  if (!params.token) return null;
  const key = keyOf(params.secret, params.salt, params.token);
  const kept = byToken.get(key);
  // An expired token goes through Auth.js's decode again, which refuses it with its own error.
  if (kept && !isExpired(kept.payload, Date.now())) return { ...kept.payload };
  const payload = await decode(params);
  if (payload) keep(key, { token: params.token, payload });
  return payload;
}

async function encodeSessionToken(params: JWTEncodeParams): Promise<string> {
  const again = params.token ? unchangedToken(params) : null;
  return again ?? (await encode(params));
}

/**
 * The text of the token being re-issued when it is exactly one this process opened (same claims,
 * same secrets and salt) and not yet due for renewal. Its expiry then stays where it was; the
 * server-side session ends sooner anyway (8 hours after sign-in, the token's own lifetime).
 */
function unchangedToken(params: JWTEncodeParams): string | null {
  const token = params.token!;
  if (typeof token.jti !== "string" || typeof token.iat !== "number") return null;
  const kept = byJti.get(token.jti);
  if (!kept || byToken.get(keyOf(params.secret, params.salt, kept.token)) !== kept) return null;
  if (Date.now() - token.iat * 1000 >= SESSION_TOKEN_RENEW_AFTER_MS) return null;
  return sameClaims(token, kept.payload) ? kept.token : null;
}

function sameClaims(a: JWT, b: JWT): boolean {
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  return keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length && keys.every((k) => a[k] === b[k]);
}

function isExpired(payload: JWT, now: number): boolean {
  return typeof payload.exp === "number" && payload.exp * 1000 <= now - CLOCK_TOLERANCE_S * 1000;
}

function keyOf(secret: string | string[], salt: string, token: string): string {
  return JSON.stringify([secret, salt, token]);
}

function keep(key: string, kept: Kept): void {
  if (byToken.size >= MAX_KEPT) {
    const [oldestKey, oldest] = byToken.entries().next().value!;
    byToken.delete(oldestKey);
    if (typeof oldest.payload.jti === "string" && byJti.get(oldest.payload.jti) === oldest)
      byJti.delete(oldest.payload.jti);
  }
  byToken.set(key, kept);
  if (typeof kept.payload.jti === "string") byJti.set(kept.payload.jti, kept);
}
