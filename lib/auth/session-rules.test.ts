import { describe, expect, it } from "vitest";
import { idleTimeoutMs, isLastSeenStale, isSessionLive } from "./session-rules";
import { parseServerEnv } from "@/lib/env";

const t0 = new Date("2026-11-27T10:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const session = (lastSeen: number, revokedAt: Date | null = null) => ({
  createdAt: t0,
  lastSeenAt: minutes(lastSeen),
  revokedAt,
});
const HOUR = 60 * 60_000;

describe("server-side sessions", () => {
  it("stay live until an hour without requests by default", () => {
    expect(isSessionLive(session(0), minutes(59), HOUR)).toBe(true);
    expect(isSessionLive(session(0), minutes(60), HOUR)).toBe(false);
    expect(isSessionLive(session(100), minutes(159), HOUR)).toBe(true);
  });

  it("end when revoked, whatever the last request", () => {
    expect(isSessionLive(session(0, minutes(1)), minutes(1), HOUR)).toBe(false);
  });

  it("end eight hours after signing in, however busy", () => {
    expect(isSessionLive(session(479), minutes(479), HOUR)).toBe(true);
    expect(isSessionLive(session(479), minutes(480), HOUR)).toBe(false);
  });

  it("write last seen at most once a minute", () => {
    expect(isLastSeenStale(session(0), minutes(0.99))).toBe(false);
    expect(isLastSeenStale(session(0), minutes(1))).toBe(true);
  });

  it.each([
    [undefined, 60],
    ["", 60],
    ["15", 15],
    [" 30 ", 30],
    ["480", 480],
  ])("MAILGATE_IDLE_TIMEOUT_MINUTES=%j gives %i minutes", (setting, expected) => {
    const env = parseServerEnv({ MAILGATE_IDLE_TIMEOUT_MINUTES: setting });
    expect(idleTimeoutMs(env.MAILGATE_IDLE_TIMEOUT_MINUTES)).toBe(expected * 60_000);
  });

  it.each(["481", "0", "-5", "1.5", "ten"])("MAILGATE_IDLE_TIMEOUT_MINUTES=%j stops the server at start", (setting) => {
    expect(() => parseServerEnv({ MAILGATE_IDLE_TIMEOUT_MINUTES: setting })).toThrow(
      "must be whole minutes from 1 to 480",
    );
  });
});
