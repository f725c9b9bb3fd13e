import crypto from "node:crypto";
import type { NotificationKind } from "@/lib/policy/notifications";

/**
 * One-click unsubscribe links: the link names a person and a kind and carries an HMAC of both,
 * keyed from AUTH_SECRET, so it needs no sign-in and cannot be made for anyone else. It never
 * expires (an old email's link still works); changing AUTH_SECRET retires every link. No
 * "server-only" here: the reads-never-write spec makes a link with its server's secret.
 */

type Env = Record<string, string | undefined>;

function key(env: Env): Buffer {
  const secret = env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is needed to sign unsubscribe links");
  return crypto.createHmac("sha256", secret).update("mailgate unsubscribe links").digest();
}

export function unsubscribeToken(recipientId: number, kind: NotificationKind, env: Env = process.env): string {
  return crypto.createHmac("sha256", key(env)).update(`${recipientId}:${kind}`).digest("base64url");
}

export function isUnsubscribeToken(
  recipientId: number,
  kind: NotificationKind,
  token: string,
  env: Env = process.env,
): boolean {
  const expected = Buffer.from(unsubscribeToken(recipientId, kind, env));
  const given = Buffer.from(token);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export function unsubscribePath(recipientId: number, kind: NotificationKind, env: Env = process.env): string {
  const query = new URLSearchParams({ u: String(recipientId), k: kind, t: unsubscribeToken(recipientId, kind, env) });
  return `/unsubscribe?${query}`;
}

/** RFC 8058's one-click address (List-Unsubscribe-Post): the same link, answering a mail client's POST. */
export const oneClickUrl = (pageUrl: string) => pageUrl.replace("/unsubscribe?", "/unsubscribe/one-click?");
