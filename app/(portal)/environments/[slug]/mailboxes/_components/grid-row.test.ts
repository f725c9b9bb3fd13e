import { describe, expect, it } from "vitest";
import { EmailStatus, TestStatus } from "@/lib/policy/catalog";
import { gridRowOf, timeData, type GridRowData } from "./grid-row";

// The grid's rows travel as tuples (issue 20): what the server packs, the browser must read back
// into the same row, field by field, and a moment with the same texts.
describe("grid rows as sent", () => {
  const berlin = { iso: "2026-07-01T12:00:00.000Z", local: "1 Jul 2026, 14:00", utc: "1 Jul 2026, 12:00 UTC" };
  const inUtc = { iso: "2026-07-01T12:00:00.000Z", local: "1 Jul 2026, 12:00", utc: "1 Jul 2026, 12:00" };

  it("a moment keeps its instant and both texts, and drops the UTC text only where it reads as the local one", () => {
    expect(timeData(berlin)).toEqual([Date.parse(berlin.iso), berlin.local, berlin.utc]);
    expect(timeData(inUtc)).toEqual([Date.parse(inUtc.iso), inUtc.local]);
    expect(timeData(null)).toBeNull();
  });

  it("reads every field from its own place", () => {
    const data: GridRowData = [
      7,
      3,
      "Nina Novak",
      "nina@contoso.com",
      true,
      false,
      EmailStatus.PendingApproval,
      TestStatus.Success,
      TestStatus.Failure,
      TestStatus.NotRun,
      "Exchange Online",
      "Dana Diaz",
      timeData(berlin),
      timeData(inUtc),
      0,
      1,
      null,
    ];
    expect(gridRowOf(data)).toEqual({
      id: 7,
      version: 3,
      name: "Nina Novak",
      email: "nina@contoso.com",
      isUnknownDomain: true,
      isQueue: false,
      status: EmailStatus.PendingApproval,
      incoming: TestStatus.Success,
      outgoing: TestStatus.Failure,
      act: TestStatus.NotRun,
      profile: "Exchange Online",
      approvedBy: "Dana Diaz",
      lastTested: berlin,
      pendingSince: inUtc,
      approve: 0,
      reject: 1,
      edit: null,
    });
  });
});
