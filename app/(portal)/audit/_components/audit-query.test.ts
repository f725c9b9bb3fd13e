import { describe, expect, it } from "vitest";
import { auditHref, exportHref, parseAuditQuery } from "./audit-query";
import { describeChanges } from "./changes";

describe("the audit page's address", () => {
  it("turns the URL's filters into search filters, dates as whole UTC days", () => {
    const query = parseAuditQuery({
      actor: " ava@contoso.com ",
      action: "RoleAssigned",
      environment: "2",
      from: "2026-03-01",
      to: "2026-03-02",
      q: "",
      before: "120",
    });
    expect(query.filters).toEqual({
      actor: "ava@contoso.com",
      action: "RoleAssigned",
      environmentId: 2,
      targetType: undefined,
      target: undefined,
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-03-03T00:00:00Z"),
      q: undefined,
    });
    expect(query.cursor).toEqual({ before: 120, after: undefined });
    expect(query.values).toEqual({
      actor: " ava@contoso.com ",
      action: "RoleAssigned",
      environment: "2",
      from: "2026-03-01",
      to: "2026-03-02",
    });
  });

  it("refuses to search with an invalid filter rather than dropping it", () => {
    const query = parseAuditQuery({ from: "2026-02-31", environment: "production", q: "x".repeat(201) });
    expect(query.filters).toBeNull();
    expect(query.errors).toEqual({
      from: "Enter a date as YYYY-MM-DD.",
      environment: expect.any(String),
      q: "Use at most 200 characters.",
    });
    expect(parseAuditQuery({ from: "2026-03-02", to: "2026-03-01" }).errors).toEqual({
      to: "To must be on or after From.",
    });
  });

  it("drops a cursor or event number that does not parse", () => {
    expect(parseAuditQuery({ before: "abc", after: "7", event: "-1" })).toMatchObject({
      cursor: { before: undefined, after: 7 },
      event: undefined,
      filters: {},
    });
    expect(parseAuditQuery({ before: ["9", "10"] }).cursor).toEqual({ before: 9, after: undefined });
  });

  it("builds links that keep the filters", () => {
    const values = { actor: "ava@contoso.com", q: "a&b" };
    expect(auditHref(values, { before: 71 })).toBe("/audit?actor=ava%40contoso.com&q=a%26b&before=71");
    expect(exportHref(values, "csv")).toBe("/audit/export/csv?actor=ava%40contoso.com&q=a%26b");
    expect(auditHref({})).toBe("/audit");
  });
});

describe("before and after, as changes", () => {
  it("lists each field either side names, old → new", () => {
    expect(describeChanges(null, JSON.stringify({ role: "Delegated Mailbox Approver", endsAt: null }))).toEqual([
      { field: "role", before: "—", after: "Delegated Mailbox Approver" },
      { field: "endsAt", before: "—", after: "—" },
    ]);
    expect(describeChanges(JSON.stringify({ status: 2, tags: ["a"] }), JSON.stringify({ status: 1 }))).toEqual([
      { field: "status", before: "2", after: "1" },
      { field: "tags", before: '["a"]', after: "—" },
    ]);
    expect(describeChanges("not json", null)).toEqual([{ field: "value", before: "not json", after: "—" }]);
  });
});
