import { describe, expect, it } from "vitest";
import { isTransientDbError } from "./errors";

describe("which failures of a transaction are worth another try", () => {
  const failure = (code: string) => Object.assign(new Error(code), { code });

  it("SQLite's BUSY and LOCKED, also wrapped in a cause as Drizzle does", () => {
    expect(isTransientDbError(failure("SQLITE_BUSY"))).toBe(true);
    expect(isTransientDbError(failure("SQLITE_BUSY_SNAPSHOT"))).toBe(true);
    expect(isTransientDbError(failure("SQLITE_LOCKED"))).toBe(true);
    expect(isTransientDbError(new Error("Failed query", { cause: failure("SQLITE_BUSY") }))).toBe(true);
  });

  it("PostgreSQL's lock timeout, deadlock and serialization failure, also wrapped", () => {
    expect(isTransientDbError(failure("55P03"))).toBe(true);
    expect(isTransientDbError(failure("40P01"))).toBe(true);
    expect(isTransientDbError(new Error("Failed query", { cause: failure("40001") }))).toBe(true);
  });

  it("not a real error: a constraint, a bug, a full disk", () => {
    expect(isTransientDbError(failure("SQLITE_CONSTRAINT_UNIQUE"))).toBe(false);
    expect(isTransientDbError(failure("23505"))).toBe(false);
    expect(isTransientDbError(new TypeError("x is undefined"))).toBe(false);
    expect(isTransientDbError(failure("SQLITE_FULL"))).toBe(false);
    expect(isTransientDbError(failure("53100"))).toBe(false);
    expect(isTransientDbError(null)).toBe(false);
  });
});
