/** Only same-site paths may be returned to after signing in (no open redirects). */
export function safeCallbackUrl(raw: unknown): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  if (raw === "/sign-in" || raw.startsWith("/sign-in?") || raw.startsWith("/api/")) return "/";
  return raw;
}
