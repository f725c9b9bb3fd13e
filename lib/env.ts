import { isIP } from "node:net";
import { z } from "zod";
import { SESSION_MAX_AGE_MS } from "@/lib/auth/session-rules";
import { parseOrigin } from "@/lib/http/same-origin";

/**
 * Every environment variable the portal's own code reads, checked once per process: a bad value
 * stops the server at start (instrumentation.ts) or the command-line tool at once, with a sentence
 * naming the variable, instead of surfacing as a 500 on some later request. An empty value counts
 * as unset. scripts/*.mjs read the few they need themselves and accept the same values.
 */

/** A configuration problem, said in one sentence: the server does not start, a CLI exits with it. */
export class InvalidEnvironment extends Error {
  override name = "InvalidEnvironment";
}

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const MAX_IDLE_MINUTES = SESSION_MAX_AGE_MS / 60_000;
const WHOLE_MINUTES = `must be whole minutes from 1 to ${MAX_IDLE_MINUTES}`;

const RATE_LIMIT = "must be whole requests per minute from 1 to 1000000";

const origin = z
  .string()
  .refine(
    (value) => parseOrigin(value) !== null,
    "must be the portal's public origin, like https://mailgate.example.com",
  );

const ServerEnv = z.object({
  NODE_ENV: optional(z.enum(["development", "production", "test"])),
  /** The SQLite file; data/mailgate.db when unset. */
  DATABASE_PATH: optional(z.string()),
  /** A PostgreSQL database (postgres://…) instead of the SQLite file (db/dialect.ts). */
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" })),
  AUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters (npm start generates one into .env.local)")),
  AUTH_URL: optional(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })),
  AUTH_TRUST_HOST: optional(z.enum(["true", "false", "1", "0"], { error: "must be true or false" })),
  /** The public origin behind a proxy that forwards neither host nor scheme. */
  MAILGATE_ORIGIN: optional(origin),
  /** Keys every audit event's hash (HMAC-SHA-256); required wherever events are written or verified. */
  MAILGATE_AUDIT_KEY: optional(
    z.string().min(32, "must be at least 32 characters (npm start generates one into .env.local)"),
  ),
  /** Signs the audit checkpoints: an Ed25519 PKCS#8 key, base64url or PEM (checked when first used). */
  MAILGATE_AUDIT_SIGNING_KEY: optional(
    z
      .string()
      .regex(/^(-----BEGIN [\s\S]+|[A-Za-z0-9_-]+)$/, "must be an Ed25519 private key (PKCS#8) as base64url or PEM"),
  ),
  /** Where audit checkpoints go; beside the database file when unset. `{database}` in it stands for the database's name. */
  MAILGATE_DIGEST_DIR: optional(z.string()),
  /** Whole minutes from 1 to the session's own lifetime (480); 60 when unset. */
  MAILGATE_IDLE_TIMEOUT_MINUTES: optional(
    z
      .string()
      .regex(/^\s*\d+\s*$/, WHOLE_MINUTES)
      .transform(Number)
      .pipe(z.number().min(1, WHOLE_MINUTES).max(MAX_IDLE_MINUTES, WHOLE_MINUTES)),
  ),
  /** Comma-separated addresses of the proxies in front of the portal, whose X-Forwarded-For is believed. */
  MAILGATE_TRUSTED_PROXIES: optional(
    z
      .string()
      .refine(
        (value) => value.split(",").every((a) => a.trim() === "" || isIP(a.trim()) !== 0),
        "must be comma-separated IP addresses",
      ),
  ),
  /** Set by scripts/server.mjs: the header carrying each request's socket peer. */
  MAILGATE_PEER_HEADER: optional(z.string().regex(/^[a-z0-9-]+$/i, "must be a header name")),
  /** 1 serves the bench's diagnostics page (in a build made with it; see next.config.js). */
  MAILGATE_DIAGNOSTICS: optional(z.enum(["0", "1"], { error: "must be 1 or 0" })),
  /** Requests per minute each REST API token may make (lib/policy/api-rate-limit.ts), counted for every app server at once (db/rate-windows.ts); 600 when unset. */
  MAILGATE_API_RATE_LIMIT: optional(
    z
      .string()
      .regex(/^\s*\d+\s*$/, RATE_LIMIT)
      .transform(Number)
      .pipe(z.number().min(1, RATE_LIMIT).max(1_000_000, RATE_LIMIT)),
  ),
  /** Turns email on: smtp://user:password@host:587 or smtps://…:465 (lib/services/notifications/channel.ts). */
  MAILGATE_SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" })),
  /** The From of notification emails; "Mailgate <no-reply@tenant domain>" when unset. */
  MAILGATE_SMTP_FROM: optional(z.string()),
  /** Seconds before a failed email's first retry (each next one doubles, up to 15 minutes); 60 when unset. */
  MAILGATE_SMTP_RETRY_SECONDS: optional(
    z
      .string()
      .regex(/^\s*\d+\s*$/, "must be whole seconds from 1 to 3600")
      .transform(Number)
      .pipe(
        z.number().min(1, "must be whole seconds from 1 to 3600").max(3600, "must be whole seconds from 1 to 3600"),
      ),
  ),
  /** Where links in emails point (the portal's public address); MAILGATE_ORIGIN, else localhost, when unset. */
  MAILGATE_PUBLIC_URL: optional(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })),
  /** `none` leaves a new database empty instead of seeding the demo tenant (db/cli/prepare.ts). */
  MAILGATE_SEED: optional(z.enum(["demo", "none"], { error: "must be demo or none" })),
});
export type ServerEnv = z.infer<typeof ServerEnv>;

/** The variables as the server reads them, or InvalidEnvironment naming every bad one. */
export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const parsed = ServerEnv.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name}=${JSON.stringify(source[name])} ${issue.message}`;
  });
  throw new InvalidEnvironment(
    `Invalid environment ${problems.length === 1 ? "variable" : "variables"}: ${problems.join("; ")}.`,
  );
}

const memo = globalThis as unknown as { mailgateEnv?: ServerEnv };

/**
 * The process's environment, parsed on first use and kept. First use comes after a CLI has read
 * .env.local, and before the server's first request (instrumentation.ts), never at build time.
 */
export function serverEnv(): ServerEnv {
  memo.mailgateEnv ??= parseServerEnv(process.env);
  return memo.mailgateEnv;
}
