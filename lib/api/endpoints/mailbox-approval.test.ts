import { describe, expect, it } from "vitest";
import { versionOfIfMatch } from "./mailbox-approval";

describe("If-Match as a row version", () => {
  it.each([
    [null, null],
    ["*", null],
    ['"7"', 7],
    [' "12" ', 12],
    ['W/"7"', -1],
    ["7", -1],
    ['"seven"', -1],
  ])("%s → %s", (header, version) => {
    expect(versionOfIfMatch(header)).toBe(version);
  });
});
