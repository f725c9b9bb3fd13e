import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatTime, formatUtc, zoneName } from "./format";

const at = (iso: string) => new Date(iso);

describe("formatDateTime in the viewer's zone", () => {
  it.each([
    ["UTC", "2026-07-01T12:00:00Z", "1 Jul 2026, 12:00 UTC"],
    ["Asia/Kolkata", "2026-07-01T12:00:00Z", "1 Jul 2026, 17:30 IST"],
    ["Asia/Kolkata", "2026-01-01T20:00:00Z", "2 Jan 2026, 01:30 IST"],
    ["Europe/Berlin", "2026-07-01T12:00:00Z", "1 Jul 2026, 14:00 CEST"],
    ["Europe/Berlin", "2026-01-01T12:00:00Z", "1 Jan 2026, 13:00 CET"],
    ["America/Los_Angeles", "2026-07-01T12:00:00Z", "1 Jul 2026, 05:00 PDT"],
    ["America/Los_Angeles", "2026-01-01T06:00:00Z", "31 Dec 2025, 22:00 PST"],
    ["America/New_York", "2030-06-30T22:00:00Z", "30 Jun 2030, 18:00 EDT"],
  ])("in %s, %s reads %s", (zone, iso, text) => {
    expect(formatDateTime(at(iso), zone)).toBe(text);
  });

  it("crosses Berlin's spring-forward: 00:59 UTC is 01:59 CET, 01:00 UTC is 03:00 CEST", () => {
    expect(formatDateTime(at("2026-03-29T00:59:00Z"), "Europe/Berlin")).toBe("29 Mar 2026, 01:59 CET");
    expect(formatDateTime(at("2026-03-29T01:00:00Z"), "Europe/Berlin")).toBe("29 Mar 2026, 03:00 CEST");
  });

  it("names both 01:30s of Los Angeles's fall-back apart", () => {
    expect(formatDateTime(at("2026-11-01T08:30:00Z"), "America/Los_Angeles")).toBe("1 Nov 2026, 01:30 PDT");
    expect(formatDateTime(at("2026-11-01T09:30:00Z"), "America/Los_Angeles")).toBe("1 Nov 2026, 01:30 PST");
  });

  it("falls back to an offset where no English locale abbreviates the zone", () => {
    expect(zoneName(at("2026-07-01T00:00:00Z"), "Asia/Tokyo")).toBe("GMT+9");
  });

  it("defaults to UTC where no viewer is known, and a dash for no date", () => {
    expect(formatDateTime(at("2026-07-01T12:00:00Z"))).toBe("1 Jul 2026, 12:00 UTC");
    expect(formatDateTime(null, "Asia/Kolkata")).toBe("—");
  });
});

describe("formatDate and formatTime", () => {
  it("puts a late-evening UTC moment on the next day in Kolkata and the same day in Los Angeles", () => {
    const late = at("2026-03-31T20:00:00Z");
    expect(formatDate(late, "Asia/Kolkata")).toBe("1 Apr 2026");
    expect(formatDate(late, "America/Los_Angeles")).toBe("31 Mar 2026");
  });

  it("writes a time of day to the second with the zone", () => {
    expect(formatTime(at("2026-07-01T12:00:05Z"), "Europe/Berlin")).toBe("14:00:05 CEST");
  });

  it("gives the UTC moment for the tooltip, with the time even for a day", () => {
    expect(formatUtc(at("2026-07-01T12:00:00Z"), "date")).toBe("1 Jul 2026, 12:00 UTC");
  });

  it("names UTC without asking ICU, as ICU itself names it in winter and in summer", () => {
    for (const iso of ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z"]) {
      const icu = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", timeZoneName: "short" })
        .formatToParts(at(iso))
        .find((p) => p.type === "timeZoneName")?.value;
      expect(zoneName(at(iso), "UTC")).toBe(icu);
    }
  });
});
