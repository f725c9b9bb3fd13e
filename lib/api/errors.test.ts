import { describe, expect, it } from "vitest";
import { statusOfRefusal } from "./errors";

describe("the HTTP status of a refusal", () => {
  it.each([
    { code: "NOT_FOUND", reason: "NOT_VISIBLE", status: 404 },
    { code: "0x80040256", reason: "NOT_TENANT_ADMIN_OR_DMA", status: 403 },
    { code: "0x80090904", reason: "NOT_TENANT_ADMIN", status: 403 },
    { code: "0x80040220", reason: "NOT_PERMITTED", status: 403 },
    { code: "0x80060882", reason: "STALE_VERSION", status: 409 },
    { code: null, reason: "ALREADY_DELEGATED", field: "environmentUserId", status: 409 },
    { code: null, reason: "PRECHECK_EXPIRED", status: 409 },
    { code: null, reason: "END_DATE_PAST", field: "endsAt", status: 422 },
    { code: null, reason: "INVALID_INPUT", field: "items", status: 422 },
    { code: "UNAUTHENTICATED", reason: "TOKEN_EXPIRED", status: 401 },
  ])("$code $reason → $status", ({ status, ...refusal }) => {
    expect(statusOfRefusal({ field: undefined, ...refusal })).toBe(status);
  });
});
