import { describe, expect, it } from "vitest";
import { EmailStatus } from "./catalog";
import {
  changeSentence,
  isSyncGated,
  isTypedConfirmationMet,
  needsTypedConfirmation,
  orderGroups,
  sampleLine,
  type ChangeGroup,
} from "./mass-action";

const group = (from: EmailStatus, count: number, isSyncGated = true, sample: string[] = []): ChangeGroup => ({
  from,
  count,
  isSyncGated,
  sample,
});

describe("what a mass Approve / Reject says it changes", () => {
  it.each([
    ["reject", group(EmailStatus.Approved, 44), "44 approved mailboxes will stop syncing"],
    ["reject", group(EmailStatus.Approved, 1), "1 approved mailbox will stop syncing"],
    [
      "reject, approval not required for this kind: mail syncs anyway",
      group(EmailStatus.Approved, 3, false),
      "3 approved mailboxes will be rejected",
    ],
    ["reject", group(EmailStatus.PendingApproval, 12), "12 pending mailboxes will be rejected"],
    ["reject", group(EmailStatus.Empty, 2), "2 mailboxes without a status will be rejected"],
    ["approve", group(EmailStatus.Rejected, 7), "7 rejected mailboxes will be approved"],
    ["approve", group(EmailStatus.PendingApproval, 12), "12 pending mailboxes will be approved"],
    ["approve", group(EmailStatus.PendingApproval, 1200), "1,200 pending mailboxes will be approved"],
    ["approve", group(EmailStatus.Empty, 1), "1 mailbox without a status will be approved"],
  ] as const)("%s: %s", (operation, g, sentence) => {
    const op = operation.startsWith("reject") ? "reject" : "approve";
    expect(changeSentence(op, g)).toBe(sentence);
  });

  it("lists what stops syncing first, then overturned decisions, then the rest by size", () => {
    const groups = [
      group(EmailStatus.PendingApproval, 50),
      group(EmailStatus.Approved, 3, false),
      group(EmailStatus.Approved, 4),
    ];
    expect(orderGroups("reject", groups).map((g) => [g.from, g.isSyncGated])).toEqual([
      [EmailStatus.Approved, true],
      [EmailStatus.Approved, false],
      [EmailStatus.PendingApproval, true],
    ]);
    const approving = [group(EmailStatus.PendingApproval, 12), group(EmailStatus.Rejected, 7)];
    expect(orderGroups("approve", approving).map((g) => g.from)).toEqual([
      EmailStatus.Rejected,
      EmailStatus.PendingApproval,
    ]);
  });
});

describe("a group's sample of names", () => {
  it.each([
    [["Ada"], 1, "Ada"],
    [["Ada", "Ben"], 2, "Ada and Ben"],
    [["Ada", "Ben", "Cy"], 3, "Ada, Ben and Cy"],
    [["Ada", "Ben", "Cy", "Di", "Ed"], 44, "Ada, Ben, Cy, Di, Ed and 39 more"],
    [["Ada", "Ben", "Cy", "Di", "Ed", "Flo"], 6, "Ada, Ben, Cy, Di, Ed and 1 more"],
    [["Ada"], 2001, "Ada and 2,000 more"],
  ])("%j of %i: %s", (sample, count, line) => {
    expect(sampleLine({ sample, count })).toBe(line);
  });
});

describe("typing the number to confirm a large change", () => {
  it.each([
    [100, "", true, "100 or fewer need no typing"],
    [101, "", false, "101 needs the number"],
    [101, "101", true, "the number itself"],
    [101, " 101 ", true, "spaces around it"],
    [1200, "1,200", true, "with a thousands comma"],
    [101, "100", false, "another number"],
    [101, "1O1", false, "not a number"],
    [101, "-101", false, "a sign"],
    [101, "101.0", false, "a decimal"],
  ])("%i changing, typed %j: %s (%s)", (willChange, typed, met) => {
    expect(isTypedConfirmationMet(willChange, typed)).toBe(met);
  });

  it("asks from 101 changes on", () => {
    expect(needsTypedConfirmation(100)).toBe(false);
    expect(needsTypedConfirmation(101)).toBe(true);
  });
});

describe("whether approval decides if mail syncs", () => {
  const settings = { processApprovedUsersOnly: true, processApprovedQueuesOnly: false };
  it("follows the setting for the mailbox's kind", () => {
    expect(isSyncGated(settings, "user")).toBe(true);
    expect(isSyncGated(settings, "queue")).toBe(false);
  });
});
