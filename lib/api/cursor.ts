import { ApiFailure } from "./errors";

/**
 * Keyset cursors travel opaque (base64url JSON) and carry the order they were made for, so a
 * cursor sent with another sort is refused instead of silently skipping or repeating rows.
 */

export function encodeCursor(order: string, position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([order, ...position])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, order: string, arity: number): (string | number)[] | null {
  if (cursor === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    value = null;
  }
  const isPosition =
    Array.isArray(value) &&
    value.length === arity + 1 &&
    value[0] === order &&
    value.slice(1).every((part) => typeof part === "string" || Number.isSafeInteger(part)) &&
    Number.isSafeInteger(value.at(-1));
  if (!isPosition)
    throw new ApiFailure(422, {
      code: null,
      reason: "INVALID_CURSOR",
      message: "This cursor is not from this list in this order. Start again without a cursor.",
      details: { in: "query", field: "cursor" },
    });
  return (value as (string | number)[]).slice(1);
}
