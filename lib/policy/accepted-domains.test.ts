import { describe, expect, it } from "vitest";
import { isOnAcceptedDomain } from "./accepted-domains";

describe("addresses on the tenant's accepted domains", () => {
  const accepted = ["contoso.com"];
  it("knows an address on an accepted domain, whatever its case", () => {
    expect(isOnAcceptedDomain("nina@contoso.com", accepted)).toBe(true);
    expect(isOnAcceptedDomain("Nina@CONTOSO.com", accepted)).toBe(true);
  });
  it("flags a misspelt domain, a subdomain and an address without one", () => {
    expect(isOnAcceptedDomain("mark@contso.com", accepted)).toBe(false);
    expect(isOnAcceptedDomain("ann@mail.contoso.com", accepted)).toBe(false);
    expect(isOnAcceptedDomain("nobody", accepted)).toBe(false);
  });
});
