import { describe, expect, it } from "vitest";
import { safeCallbackUrl, safeRedirect } from "./callback-url";

describe("the page to return to after signing in", () => {
  it.each([
    ["/environments/production/mailboxes?view=pending", "/environments/production/mailboxes?view=pending"],
    ["/my-mailbox", "/my-mailbox"],
    ["/audit#latest", "/audit#latest"],
    ["/environments/production/mailboxes?q=Zoë", "/environments/production/mailboxes?q=Zo%C3%AB"],
    ["/tenant/../my-mailbox", "/my-mailbox"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/a\0b", "/a%00b"],
    ["/\uD800", "/%EF%BF%BD"],
  ])("keeps the same-site path %j as %j", (raw, expected) => {
    expect(safeCallbackUrl(raw)).toBe(expected);
  });

  it.each([
    ["https://evil.example/"],
    ["http://evil.example"],
    ["//evil.example"],
    ["///evil.example"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["/\t/evil.example/phish"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["\t//evil.example"],
    [" //evil.example"],
    ["/.//evil.example"],
    ["/a/../..//evil.example"],
    ["/%09/evil.example/../..//evil.example"],
    ["https:evil.example"],
    ["javascript:alert(1)"],
    ["data:text/html,hi"],
    ["http://user:pass@callback.invalid/"],
    ["//["],
    ["/sign-in"],
    ["/sign-in?callbackUrl=/x"],
    ["/api/auth/signout"],
    ["/" + "a".repeat(3000)],
    [undefined],
    [42],
    [["/a", "/b"]],
  ])("sends %j home instead", (raw) => {
    expect(safeCallbackUrl(raw)).toBe("/");
  });

  it("never answers with a control character, a non-ASCII character or a second leading slash", () => {
    const samples = ["/\r", "/\n", "/\0", "/é", "/\u2028", "/ /", "/\u3000//evil", "/\\\\evil", "/\x7f"];
    for (const raw of samples) {
      const answer = safeCallbackUrl(raw);
      expect(answer).toMatch(/^\/(?!\/)[\x21-\x7e]*$|^\/$/);
    }
  });
});

describe("Auth.js's redirect after a sign-in or a sign-out", () => {
  const base = "http://127.0.0.1:3000";
  it.each([
    ["/my-mailbox", "/my-mailbox"],
    ["/sign-in", "/sign-in"],
    [`${base}/my-mailbox?x=1`, "/my-mailbox?x=1"],
    ["https://evil.example/phish", "/"],
    [`${base}.evil.example/phish`, "/"],
    ["/\t/evil.example/phish", "/"],
    ["/a\r\nSet-Cookie: x=1", "/aSet-Cookie:%20x=1"],
    ["not a url", "/not%20a%20url"],
  ])("%j goes to %j", (url, expected) => {
    expect(safeRedirect(url, base)).toBe(expected);
  });
});
