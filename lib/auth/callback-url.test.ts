import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("the page to return to after signing in", () => {
  it.each([
    ["/environments/production/mailboxes?view=pending", "/environments/production/mailboxes?view=pending"],
    ["/my-mailbox", "/my-mailbox"],
  ])("keeps the same-site path %s", (raw, expected) => {
    expect(safeCallbackUrl(raw)).toBe(expected);
  });

  it.each([["https://evil.example/"], ["//evil.example"], ["/\\evil.example"], ["/sign-in"], ["/api/auth/signout"], [undefined], [42]])(
    "sends %s home instead",
    (raw) => {
      expect(safeCallbackUrl(raw)).toBe("/");
    },
  );
});
