import "server-only";
/**
 * When a failed email is tried again: the first retry after the channel's delay (60 s unless
 * MAILGATE_SMTP_RETRY_SECONDS says otherwise), each next one twice as late, never more than 15
 * minutes apart, so an SMTP server down for an hour gets its mail within 15 minutes of returning.
 * After 48 hours of trying, the email is given up (the in-app notification is still there).
 */
export const RETRY_CAP_MS = 15 * 60 * 1000;
export const GIVE_UP_AFTER_MS = 48 * 60 * 60 * 1000;

export function nextRetryAt(input: {
  attempts: number;
  firstRetryMs: number;
  createdAt: Date;
  now: Date;
}): Date | null {
  if (input.now.getTime() - input.createdAt.getTime() >= GIVE_UP_AFTER_MS) return null;
  const delay = Math.min(RETRY_CAP_MS, input.firstRetryMs * 2 ** Math.max(0, input.attempts - 1));
  return new Date(input.now.getTime() + delay);
}

/**
 * A refusal that will not change by trying again: the server answered 5xx about this message
 * (unknown recipient, rejected content). Connection failures, time-outs, 4xx answers and failed
 * sign-ins (credentials an admin may fix) are tried again.
 */
export function isPermanentSmtpError(error: unknown): boolean {
  const { responseCode, code } = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  return typeof responseCode === "number" && responseCode >= 500 && responseCode < 600 && code !== "EAUTH";
}
