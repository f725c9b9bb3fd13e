import { describe, expect, it } from "vitest";
import { rateLimitHeaders, takeRequest, WINDOW_MS, type Window } from "./rate-limit";

describe("a token's requests per minute", () => {
  it("counts requests in a window that starts with the first one, and refuses past the limit", () => {
    let window: Window | undefined;
    const verdicts = [0, 10, 20, 30].map((at) => {
      const verdict = takeRequest(window, 1_000 + at, 3);
      window = verdict.window;
      return [verdict.isAllowed, verdict.remaining];
    });
    expect(verdicts).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
  });

  it("starts a new window once the minute is over, and says when in whole seconds", () => {
    const full = { startedAt: 0, count: 3 };
    expect(takeRequest(full, WINDOW_MS - 1_500, 3)).toMatchObject({ isAllowed: false, resetSeconds: 2 });
    expect(takeRequest(full, WINDOW_MS, 3)).toMatchObject({
      isAllowed: true,
      remaining: 2,
      window: { startedAt: WINDOW_MS, count: 1 },
    });
  });

  it("answers the RateLimit header fields", () => {
    expect(rateLimitHeaders(takeRequest(undefined, 0, 600))).toEqual({
      "RateLimit-Limit": "600",
      "RateLimit-Remaining": "599",
      "RateLimit-Reset": "60",
      "RateLimit-Policy": "600;w=60",
    });
  });
});
