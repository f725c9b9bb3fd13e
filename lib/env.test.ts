import { describe, expect, it } from "vitest";
import { InvalidEnvironment, parseServerEnv } from "./env";

const KEY = "k".repeat(32);

describe("the server's environment", () => {
  it("reads nothing set as every default, and an empty value as unset", () => {
    expect(parseServerEnv({})).toEqual({});
    expect(parseServerEnv({ MAILGATE_ORIGIN: "", MAILGATE_IDLE_TIMEOUT_MINUTES: "" })).toEqual({});
  });

  it("keeps good values, the idle timeout as a number, and ignores variables it does not know", () => {
    expect(
      parseServerEnv({
        DATABASE_PATH: "/srv/mailgate.db",
        MAILGATE_ORIGIN: "https://mailgate.example.com",
        MAILGATE_AUDIT_KEY: KEY,
        MAILGATE_IDLE_TIMEOUT_MINUTES: " 30 ",
        MAILGATE_TRUSTED_PROXIES: "10.0.0.1, ::1",
        AUTH_TRUST_HOST: "true",
        PATH: "/usr/bin",
      }),
    ).toEqual({
      DATABASE_PATH: "/srv/mailgate.db",
      MAILGATE_ORIGIN: "https://mailgate.example.com",
      MAILGATE_AUDIT_KEY: KEY,
      MAILGATE_IDLE_TIMEOUT_MINUTES: 30,
      MAILGATE_TRUSTED_PROXIES: "10.0.0.1, ::1",
      AUTH_TRUST_HOST: "true",
    });
  });

  it.each([
    ["MAILGATE_IDLE_TIMEOUT_MINUTES", "ten", "must be whole minutes from 1 to 480"],
    ["MAILGATE_IDLE_TIMEOUT_MINUTES", "481", "must be whole minutes from 1 to 480"],
    ["MAILGATE_IDLE_TIMEOUT_MINUTES", "0", "must be whole minutes from 1 to 480"],
    ["MAILGATE_ORIGIN", "mailgate.example.com", "must be the portal's public origin"],
    ["MAILGATE_ORIGIN", "ftp://mailgate.example.com", "must be the portal's public origin"],
    ["MAILGATE_AUDIT_KEY", "short", "must be at least 32 characters"],
    ["MAILGATE_TRUSTED_PROXIES", "10.0.0.1,proxy.local", "must be comma-separated IP addresses"],
    ["MAILGATE_DIAGNOSTICS", "yes", "must be 1 or 0"],
    ["AUTH_SECRET", "secret", "must be at least 32 characters"],
  ])("refuses %s=%j, saying what it must be", (name, value, says) => {
    const parse = () => parseServerEnv({ [name]: value });
    expect(parse).toThrow(InvalidEnvironment);
    expect(parse).toThrow(`Invalid environment variable: ${name}=${JSON.stringify(value)} ${says}`);
  });

  it("names every bad variable at once", () => {
    expect(() => parseServerEnv({ MAILGATE_DIAGNOSTICS: "yes", MAILGATE_SEED: "all" })).toThrow(
      'Invalid environment variables: MAILGATE_DIAGNOSTICS="yes" must be 1 or 0; MAILGATE_SEED="all" must be demo or none.',
    );
  });
});
