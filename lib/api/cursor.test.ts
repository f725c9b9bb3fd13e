import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";
import { ApiFailure } from "./errors";

describe("keyset cursors", () => {
  it("come back as the position they were made from, for the same order", () => {
    const cursor = encodeCursor("name:asc", ["Zoe Zhang", 4711]);
    expect(decodeCursor(cursor, "name:asc", 2)).toEqual(["Zoe Zhang", 4711]);
    expect(decodeCursor(undefined, "name:asc", 2)).toBeNull();
  });

  it.each([
    ["another order", encodeCursor("email:asc", ["a@contoso.com", 1])],
    ["another shape", encodeCursor("name:asc", ["Zoe"])],
    ["an id that is not an integer", encodeCursor("name:asc", ["Zoe", 1.5])],
    ["not JSON", Buffer.from("{").toString("base64url")],
    ["not base64url JSON at all", "%%%"],
  ])("%s is refused as INVALID_CURSOR (422)", (_case, cursor) => {
    try {
      decodeCursor(cursor, "name:asc", 2);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiFailure);
      expect(error).toMatchObject({ status: 422, body: { reason: "INVALID_CURSOR" } });
    }
  });
});
