import { describe, expect, it } from "vitest";
import { accountKey, afterFailure, lockedUntil, type ThrottleState } from "./throttle";

const t0 = new Date("2026-11-27T10:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

function failures(times: Date[]): ThrottleState | null {
  return times.reduce<ThrottleState | null>((state, at) => afterFailure(state, at), null);
}

describe("sign-in throttle", () => {
  it("four failures within 15 minutes do not lock the account", () => {
    const state = failures([minutes(0), minutes(1), minutes(2), minutes(3)]);
    expect(state?.failureCount).toBe(4);
    expect(lockedUntil(state, minutes(4))).toBeNull();
  });

  it("the fifth failure within 15 minutes locks the account for 15 minutes from then", () => {
    const state = failures([minutes(0), minutes(1), minutes(2), minutes(3), minutes(10)]);
    expect(lockedUntil(state, minutes(10))).toEqual(minutes(25));
    expect(lockedUntil(state, minutes(24.9))).toEqual(minutes(25));
    expect(lockedUntil(state, minutes(25))).toBeNull();
  });

  it("failures spread over more than 15 minutes start a new window", () => {
    const state = failures([minutes(0), minutes(1), minutes(2), minutes(3), minutes(16)]);
    expect(state?.failureCount).toBe(1);
    expect(lockedUntil(state, minutes(16))).toBeNull();
  });

  it("after the lock ends, the next failure counts from one again", () => {
    const locked = failures([minutes(0), minutes(1), minutes(2), minutes(3), minutes(4)]);
    const next = afterFailure(locked, minutes(20));
    expect(next.failureCount).toBe(1);
    expect(lockedUntil(next, minutes(20))).toBeNull();
  });

  it("keys accounts case- and space-insensitively", () => {
    expect(accountKey("  Sam@Contoso.COM ")).toBe("sam@contoso.com");
  });
});
