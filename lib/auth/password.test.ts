import { describe, expect, it } from "vitest";
import { hash } from "@node-rs/argon2";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("hashes with argon2id and a salt, and verifies only the right password", async () => {
    const first = await hashPassword("Contoso-Demo-1");
    const second = await hashPassword("Contoso-Demo-1");
    expect(first).toMatch(/^\$argon2id\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, "Contoso-Demo-1")).toBe(true);
    expect(await verifyPassword(first, "contoso-demo-1")).toBe(false);
  });

  it("treats a malformed hash as a mismatch rather than an error", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });

  it("the decoy hash never matches the password it is checked against", async () => {
    expect(await verifyPassword(await decoyPasswordHash(), "Contoso-Demo-1")).toBe(false);
  });
});

describe("the cost of a hash", () => {
  it("is argon2id's lowest in unit tests, and a hash at the library's default cost still verifies", async () => {
    expect(await hashPassword("Contoso-Demo-1")).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    const atDefaultCost = await hash("Contoso-Demo-1");
    expect(atDefaultCost).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(atDefaultCost, "Contoso-Demo-1")).toBe(true);
    expect(await verifyPassword(atDefaultCost, "Contoso-Demo-2")).toBe(false);
  });
});
