import { describe, expect, it } from "vitest";
import { resolveTimeZone, wallClockToInstant } from "./zone";

describe("resolveTimeZone", () => {
  it.each(["Asia/Kolkata", "Asia/Calcutta", "Europe/Berlin", "America/Los_Angeles", "UTC", "Etc/UTC"])(
    "keeps %s, a zone the runtime knows",
    (zone) => expect(resolveTimeZone(zone)).toBe(zone),
  );

  it.each([undefined, null, "", "Mars/Olympus_Mons", "Europe/Berlin;drop", "x".repeat(100), "../../etc/passwd"])(
    "falls back to UTC for %s",
    (value) => expect(resolveTimeZone(value)).toBe("UTC"),
  );
});

describe("wallClockToInstant", () => {
  const iso = (date: string, time: string, zone: string) => wallClockToInstant(date, time, zone)?.toISOString();

  it("reads 2030-06-30 18:00 in New York as 22:00 UTC (daylight time)", () => {
    expect(iso("2030-06-30", "18:00", "America/New_York")).toBe("2030-06-30T22:00:00.000Z");
  });

  it("reads winter and summer Berlin with their own offsets", () => {
    expect(iso("2026-01-15", "09:00", "Europe/Berlin")).toBe("2026-01-15T08:00:00.000Z");
    expect(iso("2026-07-15", "09:00", "Europe/Berlin")).toBe("2026-07-15T07:00:00.000Z");
  });

  it("reads Kolkata's half-hour offset", () => {
    expect(iso("2026-03-01", "00:00", "Asia/Kolkata")).toBe("2026-02-28T18:30:00.000Z");
  });

  it("moves a time in Berlin's skipped spring hour forward by the hour", () => {
    expect(iso("2026-03-29", "02:30", "Europe/Berlin")).toBe("2026-03-29T01:30:00.000Z");
  });

  it("takes the earlier of Los Angeles's two 01:30s in the fall-back hour", () => {
    expect(iso("2026-11-01", "01:30", "America/Los_Angeles")).toBe("2026-11-01T08:30:00.000Z");
  });

  it("refuses what is not a date or a time", () => {
    expect(wallClockToInstant("2026-02-30", "10:00", "UTC")).toBeNull();
    expect(wallClockToInstant("2026-02-10", "25:00", "UTC")).toBeNull();
    expect(wallClockToInstant("10/02/2026", "10:00", "UTC")).toBeNull();
  });
});
