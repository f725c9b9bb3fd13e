/**
 * What a refused sign-in is told. One sentence for every refusal (unknown account, wrong password,
 * disabled account, right password on a disabled account), so the answer confirms nothing; the
 * throttled one only adds when to try again.
 */
export const SIGN_IN_REFUSED =
  "Email or password is incorrect. If you are sure both are right, ask a Global Administrator.";

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
