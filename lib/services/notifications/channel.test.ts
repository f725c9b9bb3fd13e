import { describe, expect, it } from "vitest";
import { emailChannelState, publicBaseUrl } from "./channel";

describe("whether email is on", () => {
  it.each([
    [{}, { on: false, why: "MAILGATE_SMTP_URL is not set." }],
    [{ MAILGATE_SMTP_URL: "  " }, { on: false, why: "MAILGATE_SMTP_URL is not set." }],
    [{ MAILGATE_SMTP_URL: "mail.example.com" }, { on: false, why: "MAILGATE_SMTP_URL is not a URL." }],
    [
      { MAILGATE_SMTP_URL: "https://mail.example.com" },
      { on: false, why: "MAILGATE_SMTP_URL must start with smtp:// or smtps://." },
    ],
  ])("%j: off, and says why", (env, expected) => {
    expect(emailChannelState(env)).toEqual(expected);
  });

  it("an smtp URL turns it on; the server is shown without its credentials", () => {
    expect(
      emailChannelState({
        MAILGATE_SMTP_URL: "smtp://mailer:s3cret@mail.example.com:2525",
        MAILGATE_SMTP_FROM: "Mailgate <mailgate@example.com>",
        MAILGATE_SMTP_RETRY_SECONDS: "5",
      }),
    ).toEqual({
      on: true,
      channel: {
        url: "smtp://mailer:s3cret@mail.example.com:2525",
        server: "mail.example.com:2525",
        from: "Mailgate <mailgate@example.com>",
        firstRetryMs: 5000,
      },
    });
    expect(emailChannelState({ MAILGATE_SMTP_URL: "smtps://mail.example.com" })).toMatchObject({
      channel: { server: "mail.example.com:465", from: null, firstRetryMs: 60_000 },
    });
  });

  it("links in emails start with the public URL, else the origin, else localhost", () => {
    expect(publicBaseUrl({ MAILGATE_PUBLIC_URL: "https://mail.example.com/", MAILGATE_ORIGIN: "https://x" })).toBe(
      "https://mail.example.com",
    );
    expect(publicBaseUrl({ MAILGATE_ORIGIN: "https://portal.example.com" })).toBe("https://portal.example.com");
    expect(publicBaseUrl({ PORT: "4000" })).toBe("http://localhost:4000");
  });
});
