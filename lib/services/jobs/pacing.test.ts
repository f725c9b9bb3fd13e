import { describe, expect, it } from "vitest";
import {
  BATCH_TARGET_MS,
  batchTargetMs,
  BUSY_SHARE,
  IDLE_BATCH_MAX_MS,
  isLoopBusy,
  LOOK_AGAIN_MS,
  nextBatchSize,
  waitBeforeNextBatch,
} from "./pacing";
import { retryDelayMs } from "./retry";

describe("batches sized by time", () => {
  it("a batch that took twice the target halves the next one", () => {
    expect(nextBatchSize(200, BATCH_TARGET_MS * 2)).toBe(100);
  });

  it("a quick batch grows the next one at most twofold", () => {
    expect(nextBatchSize(100, BATCH_TARGET_MS / 10)).toBe(200);
    expect(nextBatchSize(100, 0)).toBe(200);
  });

  it("never below one item, never above 5,000", () => {
    expect(nextBatchSize(1, 10_000)).toBe(1);
    expect(nextBatchSize(4000, 1)).toBe(5000);
  });

  it("aims at the target it is given", () => {
    expect(nextBatchSize(100, 20, 50)).toBe(200);
    expect(nextBatchSize(100, 40, 20)).toBe(50);
  });
});

describe("how much work a batch aims at", () => {
  it(`${BATCH_TARGET_MS} ms while others want the event loop, ${IDLE_BATCH_MAX_MS} ms while nobody does`, () => {
    expect(batchTargetMs({ isBusy: true })).toBe(BATCH_TARGET_MS);
    expect(batchTargetMs({ isBusy: false })).toBe(IDLE_BATCH_MAX_MS);
  });
});

describe("sharing the event loop with the pages", () => {
  it("goes on at once while nobody else needs the event loop", () => {
    expect(
      waitBeforeNextBatch({ lastBatchMs: 20, sinceBatchMs: 0, othersActiveMs: 0.2, othersSinceLookMs: null }),
    ).toBe(0);
  });

  it(`while requests are served, takes at most ${BUSY_SHARE * 100}% of the time`, () => {
    const wait = waitBeforeNextBatch({ lastBatchMs: 20, sinceBatchMs: 5, othersActiveMs: 5, othersSinceLookMs: null });
    expect(20 / (20 + 5 + wait)).toBeCloseTo(BUSY_SHARE, 1);
  });

  it("owes nothing once the others have had their share", () => {
    expect(
      waitBeforeNextBatch({ lastBatchMs: 20, sinceBatchMs: 200, othersActiveMs: 150, othersSinceLookMs: null }),
    ).toBe(0);
  });

  it(`while others still use the loop, waits out its share, looking again every ${LOOK_AGAIN_MS} ms`, () => {
    expect(waitBeforeNextBatch({ lastBatchMs: 20, sinceBatchMs: 15, othersActiveMs: 14, othersSinceLookMs: 9 })).toBe(
      45,
    );
  });

  it("goes on once a whole look passed with nobody else on the loop: a blip after a batch owes nothing", () => {
    expect(waitBeforeNextBatch({ lastBatchMs: 100, sinceBatchMs: 15, othersActiveMs: 4, othersSinceLookMs: 0.1 })).toBe(
      0,
    );
  });
});

describe("whether others want the event loop (and so the batches aim at the busy target)", () => {
  it("not when nobody used it since the batch", () => {
    expect(isLoopBusy({ othersActiveMs: 0.5, othersSinceLookMs: null })).toBe(false);
  });

  it("when others used it since the batch and the runner has not looked yet", () => {
    expect(isLoopBusy({ othersActiveMs: 5, othersSinceLookMs: null })).toBe(true);
  });

  it("when others still used it during the runner's last look", () => {
    expect(isLoopBusy({ othersActiveMs: 30, othersSinceLookMs: 4 })).toBe(true);
  });

  it("not after a blip (a collection of 40 ms after a large batch) that was over by the runner's look", () => {
    expect(isLoopBusy({ othersActiveMs: 40, othersSinceLookMs: 0.2 })).toBe(false);
  });
});

describe("retrying a batch the database was too busy for", () => {
  it("backs off exponentially with jitter, up to 2 s", () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(50);
    expect(retryDelayMs(3, () => 0.5)).toBe(200);
    expect(retryDelayMs(30, () => 0.5)).toBe(2000);
    expect(retryDelayMs(1, () => 0)).toBe(38);
    expect(retryDelayMs(1, () => 0.999)).toBeLessThanOrEqual(63);
  });
});
