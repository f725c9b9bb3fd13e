import { describe, expect, it } from "vitest";
import { refusalMessage, SIGN_IN_REFUSED } from "./sign-in-messages";

const now = new Date("2026-11-27T10:00:00Z");
const inMs = (ms: number) => `throttled:${now.getTime() + ms}`;

describe("what a refused sign-in is told", () => {
  it.each(["invalid", "disabled", "", "throttled:", "throttled:soon"])(
    "the code %j gets the one generic sentence",
    (code) => {
      expect(refusalMessage(code, now)).toBe(SIGN_IN_REFUSED);
    },
  );

  it.each([
    [30_000, "30 seconds"],
    [1, "1 second"],
    [-5_000, "1 second"],
    [89_000, "89 seconds"],
    [90_000, "2 minutes"],
    [15 * 60_000, "15 minutes"],
    [60 * 60_000, "60 minutes"],
  ])("a wait of %i ms says to try again in %s", (ms, text) => {
    expect(refusalMessage(inMs(ms), now)).toBe(`Too many failed sign-in attempts. Try again in ${text}.`);
  });
});
