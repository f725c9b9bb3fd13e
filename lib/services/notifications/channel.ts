import "server-only";
/**
 * Email as configured for this process. `MAILGATE_SMTP_URL` (smtp://user:pass@host:587 or
 * smtps://…:465) turns email on; without it email is off and in-app notifications still work.
 * Links in emails start with `MAILGATE_PUBLIC_URL` (else `MAILGATE_ORIGIN`, else localhost).
 */

type Env = Record<string, string | undefined>;

export type EmailChannel = {
  url: string;
  /** host:port, without credentials: what the settings page may show. */
  server: string;
  from: string | null;
  /** The first retry's delay; each next one doubles, up to RETRY_CAP_MS. */
  firstRetryMs: number;
};

export type EmailChannelState = { on: true; channel: EmailChannel } | { on: false; why: string };

const DEFAULT_FIRST_RETRY_SECONDS = 60;

export function emailChannelState(env: Env = process.env): EmailChannelState {
  const raw = env.MAILGATE_SMTP_URL?.trim();
  if (!raw) return { on: false, why: "MAILGATE_SMTP_URL is not set." };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { on: false, why: "MAILGATE_SMTP_URL is not a URL." };
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    return { on: false, why: "MAILGATE_SMTP_URL must start with smtp:// or smtps://." };
  const retry = Number(env.MAILGATE_SMTP_RETRY_SECONDS);
  return {
    on: true,
    channel: {
      url: raw,
      server: `${url.hostname}:${url.port || (url.protocol === "smtps:" ? "465" : "587")}`,
      from: env.MAILGATE_SMTP_FROM?.trim() || null,
      firstRetryMs:
        (Number.isInteger(retry) && retry >= 1 && retry <= 3600 ? retry : DEFAULT_FIRST_RETRY_SECONDS) * 1000,
    },
  };
}

export function emailChannel(env: Env = process.env): EmailChannel | null {
  const state = emailChannelState(env);
  return state.on ? state.channel : null;
}

/** Where links in emails point: the portal's public address, without a trailing slash. */
export function publicBaseUrl(env: Env = process.env): string {
  const base = env.MAILGATE_PUBLIC_URL?.trim() || env.MAILGATE_ORIGIN?.trim() || `http://localhost:${env.PORT || 3000}`;
  return base.replace(/\/+$/, "");
}
