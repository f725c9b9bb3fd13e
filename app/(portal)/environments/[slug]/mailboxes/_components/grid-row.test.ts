import { describe, expect, it } from "vitest";
import { EmailStatus, TestStatus } from "@/lib/policy/catalog";
import { gridRowOf, timeData, trimmed, type GridRowData } from "./grid-row";

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
      1,
      0,
      EmailStatus.PendingApproval,
      TestStatus.Success,
      TestStatus.Failure,
      TestStatus.NotRun,
      1,
      0,
      timeData(berlin),
      timeData(inUtc),
      0,
      1,
      null,
    ];
    expect(gridRowOf(data, ["Dana Diaz", "Exchange Online"])).toEqual({
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

  it("a row without its trailing nulls reads as the whole row", () => {
    const whole: Required<GridRowData> = [
      9,
      1,
      "Omar Ortiz",
      "omar@contoso.com",
      0,
      1,
      EmailStatus.Empty,
      TestStatus.NotRun,
      TestStatus.NotRun,
      TestStatus.NotRun,
      null,
      null,
      null,
      timeData(inUtc),
      null,
      null,
      null,
    ];
    const sent = trimmed(whole);
    expect(sent).toHaveLength(14);
    expect(gridRowOf(sent, [])).toMatchObject({
      isQueue: true,
      isUnknownDomain: false,
      profile: null,
      approvedBy: null,
      lastTested: null,
      pendingSince: inUtc,
      approve: null,
      reject: null,
      edit: null,
    });
    expect(
      trimmed([...whole.slice(0, 10), null, null, null, null, null, null, null] as Required<GridRowData>),
    ).toHaveLength(10);
  });
});
