import { describe, expect, it } from "vitest";
import { publicAuthUrl } from "./public-url";

const INTERNAL = "http://localhost:3000/api/auth/callback/microsoft-entra-id?code=c&state=s";

describe("the URL Auth.js's route sees", () => {
  const cases: { when: string; headers: Record<string, string>; env?: Record<string, string>; url: string }[] = [
    {
      when: "the Host header names the address the browser used",
      headers: { host: "127.0.0.1:41234" },
      url: "http://127.0.0.1:41234/api/auth/callback/microsoft-entra-id?code=c&state=s",
    },
    {
      when: "behind a proxy: X-Forwarded-Host and -Proto first",
      headers: { host: "internal:3000", "x-forwarded-host": "mailgate.contoso.com", "x-forwarded-proto": "https" },
      url: "https://mailgate.contoso.com/api/auth/callback/microsoft-entra-id?code=c&state=s",
    },
    {
      when: "AUTH_URL is set: next-auth rewrites it itself",
      headers: { host: "127.0.0.1:41234" },
      env: { AUTH_URL: "https://mailgate.contoso.com" },
      url: INTERNAL,
    },
    { when: "a host with a path or credentials is ignored", headers: { host: "evil.example/x@y" }, url: INTERNAL },
    {
      when: "an unknown scheme is ignored",
      headers: { host: "a.example", "x-forwarded-proto": "javascript" },
      url: INTERNAL,
    },
  ];
  for (const { when, headers, env, url } of cases)
    it(when, () => expect(publicAuthUrl(INTERNAL, new Headers(headers), env ?? {})).toBe(url));
});
