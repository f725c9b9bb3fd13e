import { describe, expect, it } from "vitest";
import { rateLimitHeaders, verdictOf, WINDOW_MS } from "./api-rate-limit";

describe("a token's requests per minute", () => {
  it("allows up to the limit in a window and refuses past it", () => {
    const verdicts = [1, 2, 3, 4].map((count) => verdictOf({ startedAt: 1_000, count }, 1_000 + count * 10, 3));
    expect(verdicts.map((v) => [v.isAllowed, v.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
  });

  it("says when the window starts over, in whole seconds, never less than one", () => {
    const full = { startedAt: 0, count: 4 };
    expect(verdictOf(full, WINDOW_MS - 1_500, 3)).toMatchObject({ isAllowed: false, resetSeconds: 2 });
    expect(verdictOf(full, WINDOW_MS - 1, 3).resetSeconds).toBe(1);
  });

  it("answers the RateLimit header fields", () => {
    expect(rateLimitHeaders(verdictOf({ startedAt: 0, count: 1 }, 0, 600))).toEqual({
      "RateLimit-Limit": "600",
      "RateLimit-Remaining": "599",
      "RateLimit-Reset": "60",
      "RateLimit-Policy": "600;w=60",
    });
  });
});
