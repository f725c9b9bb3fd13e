import { z } from "zod";
import { NOTIFICATION_KINDS } from "@/lib/policy/notifications";

/** An unsubscribe link's query: who, which kind, and the signature that proves it is theirs. */
export const UnsubscribeLink = z.object({
  u: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  k: z.enum(NOTIFICATION_KINDS),
  t: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

export function parseUnsubscribeLink(query: Record<string, string | string[] | undefined> | URLSearchParams) {
  const values = query instanceof URLSearchParams ? Object.fromEntries(query) : query;
  const parsed = UnsubscribeLink.safeParse(values);
  return parsed.success ? { recipientId: parsed.data.u, kind: parsed.data.k, token: parsed.data.t } : null;
}
