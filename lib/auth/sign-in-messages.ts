/**
 * What a refused sign-in is told. One sentence for every refusal (unknown account, wrong password,
 * disabled account, right password on a disabled account), so the answer confirms nothing; the
 * throttled one only adds when to try again.
 */
export const SIGN_IN_REFUSED =
  "Email or password is incorrect. If you are sure both are right, ask a Global Administrator.";

/** The same refusal while local sign-in is off: it adds only what is true of every account. */
export const LOCAL_OFF_REFUSED =
  "Email or password is incorrect, or this account may not use a password: passwords are for break-glass accounts only. Sign in with Microsoft instead.";

export function throttledMessage(retryAt: Date, now: Date): string {
  return `Too many failed sign-in attempts. Try again in ${waitText(retryAt.getTime() - now.getTime())}.`;
}

/** The refusal for the code Auth.js carries ("invalid" or "throttled:<epoch ms>"); anything else is the generic one. */
export function refusalMessage(code: string, now: Date): string {
  const retryAt = /^throttled:(\d{1,15})$/.exec(code)?.[1];
  return retryAt ? throttledMessage(new Date(Number(retryAt)), now) : SIGN_IN_REFUSED;
}

function waitText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/** A refused single sign-on, as the sign-in page's query: ?error=<code>[&retryAt=<epoch ms>]. */
export function ssoRefusalPath(
  result:
    | { ok: false; reason: "invalid" | "foreign-tenant" | "unmatched" }
    | { ok: false; reason: "throttled"; retryAt: Date },
): string {
  const query = new URLSearchParams({ error: SSO_ERROR_CODES[result.reason] });
  if (result.reason === "throttled") query.set("retryAt", String(result.retryAt.getTime()));
  return `/sign-in?${query}`;
}

const SSO_ERROR_CODES = {
  invalid: "SsoRefused",
  "foreign-tenant": "SsoForeignTenant",
  unmatched: "SsoUnmatched",
  throttled: "SsoThrottled",
} as const;

export const SSO_FOREIGN_TENANT =
  "You signed in with an account of another organization. This portal accepts work accounts of its own tenant only: sign in again with your account in this organization.";
export const SSO_UNMATCHED =
  "Your Microsoft account could not be matched to a portal account (its user principal name belongs to another account, or the token lacks it). Ask a Global Administrator.";
export const SSO_REFUSED = "Single sign-on was refused. If you think it should work, ask a Global Administrator.";
export const SSO_FAILED =
  "Single sign-on did not complete. Try again; if it keeps failing, ask a Global Administrator.";

/**
 * What the sign-in page says for its ?error= query: our single sign-on refusals, or any error
 * Auth.js redirected with (a cancelled sign-in, a state that does not match…). Null when none.
 */
export function signInErrorMessage(error: unknown, retryAt: unknown, now: Date): string | null {
  if (typeof error !== "string" || error === "") return null;
  switch (error) {
    case "SsoForeignTenant":
      return SSO_FOREIGN_TENANT;
    case "SsoUnmatched":
      return SSO_UNMATCHED;
    case "SsoRefused":
    case "AccessDenied":
      return SSO_REFUSED;
    case "SsoThrottled":
      return refusalMessage(`throttled:${typeof retryAt === "string" ? retryAt : ""}`, now);
    default:
      return SSO_FAILED;
  }
}
