import { describe, expect, it } from "vitest";
import {
  ACCOUNT_RULE,
  ADDRESS_RULE,
  accountKey,
  addressKey,
  afterFailure,
  decideAttempt,
  delayAfter,
  lockedUntil,
  withoutOneFailure,
  type ThrottleState,
} from "./throttle";

const t0 = new Date("2026-11-27T10:00:00Z");
const seconds = (n: number) => new Date(t0.getTime() + n * 1000);
const minutes = (n: number) => seconds(n * 60);

function failures(times: Date[], rule = ACCOUNT_RULE): ThrottleState | null {
  return times.reduce<ThrottleState | null>((state, at) => afterFailure(state, rule, at), null);
}
const burst = (n: number) => Array.from({ length: n }, () => t0);

describe("the sign-in throttle for an account", () => {
  it("four failures cost nothing", () => {
    const state = failures(burst(4));
    expect(state?.failureCount).toBe(4);
    expect(lockedUntil(state, t0)).toBeNull();
  });

  it("the fifth failure makes the next attempt wait 30 seconds, not a quarter of an hour", () => {
    const state = failures(burst(5));
    expect(lockedUntil(state, t0)).toEqual(seconds(30));
    expect(lockedUntil(state, seconds(29.9))).toEqual(seconds(30));
    expect(lockedUntil(state, seconds(30))).toBeNull();
  });

  it.each([
    [4, 0],
    [5, 30],
    [6, 60],
    [7, 120],
    [8, 240],
    [9, 480],
    [10, 900],
    [49, 900],
    [50, 3600],
    [500, 3600],
  ])("after %i failures the next attempt waits %i seconds", (count, waitSeconds) => {
    expect(delayAfter(count, ACCOUNT_RULE)).toBe(waitSeconds * 1000);
  });

  it("a failure after the wait doubles the next wait", () => {
    const state = failures([...burst(5), seconds(30)]);
    expect(state?.failureCount).toBe(6);
    expect(lockedUntil(state, seconds(30))).toEqual(seconds(90));
  });

  it("a day without failures forgets them", () => {
    expect(failures([...burst(4), minutes(24 * 60 - 1)])?.failureCount).toBe(5);
    expect(failures([...burst(4), minutes(24 * 60)])?.failureCount).toBe(1);
  });

  it("a hard lock is not forgotten while it is in force", () => {
    const locked = failures(burst(50));
    expect(lockedUntil(locked, minutes(59))).toEqual(minutes(60));
    expect(decideAttempt(locked, null, minutes(59))).toEqual({
      allowed: false,
      retryAt: minutes(60),
      reason: "ACCOUNT_LOCKED",
    });
  });

  it("past the hard-lock count every further failure locks for an hour again", () => {
    const again = afterFailure(failures(burst(50)), ACCOUNT_RULE, minutes(60));
    expect(again.failureCount).toBe(51);
    expect(lockedUntil(again, minutes(60))).toEqual(minutes(120));
  });

  it("taking back a provisional failure keeps a wait in force", () => {
    const state = failures(burst(6))!;
    expect(withoutOneFailure(state)).toEqual({ ...state, failureCount: 5 });
  });

  it("keys accounts case- and space-insensitively", () => {
    expect(accountKey("  Sam@Contoso.COM ")).toBe("sam@contoso.com");
  });
});

describe("the sign-in throttle for a client address", () => {
  it("a hundred failures cost nothing, the next attempt then waits", () => {
    expect(lockedUntil(failures(burst(99), ADDRESS_RULE), t0)).toBeNull();
    expect(lockedUntil(failures(burst(100), ADDRESS_RULE), t0)).toEqual(seconds(30));
  });

  it("forgets failures after an hour without any", () => {
    expect(failures([...burst(99), minutes(60)], ADDRESS_RULE)?.failureCount).toBe(1);
  });

  it("never locks hard", () => {
    expect(delayAfter(10_000, ADDRESS_RULE)).toBe(15 * 60_000);
  });

  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["2001:DB8:0:0:abcd::2", "2001:db8:0:0::/64"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
  ])("counts %s in the bucket %s", (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});

describe("deciding an attempt before its password is checked", () => {
  it("allows it when neither the account nor the address waits", () => {
    expect(decideAttempt(failures(burst(4)), failures(burst(99), ADDRESS_RULE), t0)).toEqual({ allowed: true });
  });

  it("refuses it until the later of the two waits ends", () => {
    const account = failures(burst(5));
    const address = failures([...burst(100), seconds(10)], ADDRESS_RULE);
    expect(decideAttempt(account, null, t0)).toEqual({
      allowed: false,
      retryAt: seconds(30),
      reason: "ACCOUNT_THROTTLED",
    });
    expect(decideAttempt(account, address, seconds(10))).toEqual({
      allowed: false,
      retryAt: seconds(70),
      reason: "ADDRESS_THROTTLED",
    });
    expect(decideAttempt(null, address, seconds(10))).toMatchObject({ allowed: false, reason: "ADDRESS_THROTTLED" });
  });
});
