import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatTime, formatUtc } from "@/lib/format";
import { timeText } from "./time-text";

// A viewer in UTC gets a moment's UTC text as its local text (formatted once): it must read exactly
// as the viewer's own formatting would.
describe("a moment for a viewer in UTC", () => {
  const at = new Date("2026-07-01T21:05:09.123Z");

  it("reads as the local formatting in UTC, for every kind", () => {
    expect(timeText(at, "UTC")).toEqual({
      iso: at.toISOString(),
      local: formatDateTime(at, "UTC"),
      utc: formatUtc(at),
    });
    expect(timeText(at, "UTC", "time").local).toBe(formatTime(at, "UTC"));
    expect(timeText(at, "UTC", "date")).toMatchObject({ local: formatDate(at, "UTC"), utc: formatUtc(at, "date") });
  });

  it("elsewhere keeps the local text in the viewer's zone", () => {
    expect(timeText(at, "Asia/Kolkata").local).toBe(formatDateTime(at, "Asia/Kolkata"));
    expect(timeText(at, "Asia/Kolkata").utc).toBe(formatUtc(at));
  });
});
