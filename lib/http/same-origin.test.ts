import { describe, expect, it } from "vitest";
import { isAllowedOrigin, ownOrigin } from "./same-origin";

describe("ownOrigin", () => {
  it("is the scheme and Host of the request", () => {
    expect(ownOrigin(undefined, "http:", "127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
    expect(ownOrigin(undefined, "https:", "Mailgate.Example.com:443")).toBe("https://mailgate.example.com");
  });

  it("is MAILGATE_ORIGIN when set, whatever Host the proxy forwards", () => {
    expect(ownOrigin("https://mailgate.example.com/", "http:", "localhost:3000")).toBe("https://mailgate.example.com");
  });

  it("is unknown without a Host, or with one that is not a host", () => {
    expect(ownOrigin(undefined, "http:", null)).toBeNull();
    expect(ownOrigin(undefined, "http:", "evil.example/path?")).toBeNull();
    expect(ownOrigin(undefined, "http:", "user@evil.example")).toBeNull();
    expect(ownOrigin(undefined, "http:", "a b")).toBeNull();
  });
});

describe("isAllowedOrigin", () => {
  const own = "http://127.0.0.1:3000";

  it.each(["GET", "HEAD", "OPTIONS", "get"])("lets %s through with any Origin or none", (method) => {
    expect(isAllowedOrigin(method, null, own)).toBe(true);
    expect(isAllowedOrigin(method, "http://evil.example", own)).toBe(true);
  });

  it.each([
    ["our own origin", own, true],
    ["no Origin", null, false],
    ["Origin null (sandboxed frame, file, privacy redirect)", "null", false],
    ["another site", "http://evil.example", false],
    ["another port", "http://127.0.0.1:3001", false],
    ["another scheme", "https://127.0.0.1:3000", false],
    ["our host as a subdomain of theirs", "http://127.0.0.1.evil.example:3000", false],
    ["a trailing slash (not what browsers send)", `${own}/`, false],
    ["upper case (not what browsers send)", "HTTP://127.0.0.1:3000", false],
    ["garbage", "not a url", false],
  ])("POST with %s: %s", (_case, origin, allowed) => {
    expect(isAllowedOrigin("POST", origin, own)).toBe(allowed);
  });

  it.each(["PUT", "PATCH", "DELETE", "PROPFIND"])("treats %s like POST", (method) => {
    expect(isAllowedOrigin(method, "null", own)).toBe(false);
    expect(isAllowedOrigin(method, own, own)).toBe(true);
  });

  it("refuses everything that can change something when our origin is unknown", () => {
    expect(isAllowedOrigin("POST", own, null)).toBe(false);
  });
});
