import type { RequestOrigin } from "@/lib/services/audit-log";

/** The client's address and agent as the audit log records them. */
export function originFromHeaders(headers: Headers): RequestOrigin {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    clientIp: forwarded || headers.get("x-real-ip") || null,
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}
