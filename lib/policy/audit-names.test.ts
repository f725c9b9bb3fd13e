import { describe, expect, it } from "vitest";
import {
  actionLabel,
  actionsMatching,
  isRefusedAction,
  namedChoices,
  REFUSED_ACTION_NAMES,
  targetTypeLabel,
  targetTypesMatching,
} from "./audit-names";

describe("the audit log's friendly names", () => {
  it("names actions and target types as people read them", () => {
    expect(actionLabel("MailboxApproved")).toBe("Mailbox approved");
    expect(actionLabel("ApplyAdminRole")).toBe("Added self as System Administrator");
    expect(targetTypeLabel("emailSettings")).toBe("Email settings");
    expect(targetTypeLabel("environmentUser")).toBe("Environment user");
  });

  it("gives an action or type it does not list a readable name, never the internal one", () => {
    expect(actionLabel("JobCancelRequested")).toBe("Job cancel requested");
    expect(actionLabel("APIThingDone")).toBe("Api thing done");
    expect(targetTypeLabel("serverProfileGroup")).toBe("Server profile group");
  });

  it("finds internal actions by part of their friendly name, case-insensitively", () => {
    expect(actionsMatching("Approved")).toEqual(["MailboxApproved"]);
    expect(actionsMatching("mailbox approv")).toEqual(["MailboxApprovalRefused", "MailboxApproved"]);
    expect(actionsMatching("  ")).toEqual([]);
    expect(actionsMatching("cancel requested", ["JobCancelRequested"])).toEqual(["JobCancelRequested"]);
    expect(targetTypesMatching("email settings")).toEqual(["emailSettings"]);
  });

  it("knows the refused attempts, each named as refused", () => {
    expect(REFUSED_ACTION_NAMES).toEqual([
      "MailboxApprovalRefused",
      "MailboxRejectionRefused",
      "DelegationRefused",
      "RoleChangeRefused",
      "TestAndEnableRefused",
    ]);
    for (const action of REFUSED_ACTION_NAMES) expect(actionLabel(action)).toMatch(/ refused$/);
    expect(isRefusedAction("MailboxApproved")).toBe(false);
    expect(isRefusedAction("SsoRefused")).toBe(false);
  });

  it("offers each recorded name once, sorted by its label", () => {
    expect(namedChoices(["RoleAssigned", "MailboxApproved", "RoleAssigned"], actionLabel)).toEqual([
      { value: "MailboxApproved", label: "Mailbox approved" },
      { value: "RoleAssigned", label: "Role assigned" },
    ]);
  });
});
