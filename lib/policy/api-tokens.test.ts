import { describe, expect, it } from "vitest";
import {
  checkTokenExpiry,
  decideCreateApiToken,
  decideManageApiTokens,
  decideScope,
  decideSetApiTokensOn,
  decideTokenUse,
  isExpiredUseAuditDue,
  parseScopes,
  type ApiScope,
  type TokenFacts,
} from "./api-tokens";
import type { TenantRole } from "./catalog";
import { actor } from "./fixtures";

const NOW = new Date("2026-03-01T12:00:00Z");
const DAY = 24 * 60 * 60_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe("a new token's expiry", () => {
  it.each([
    { when: "in a minute", expiresAt: at(60_000), ok: true },
    { when: "in exactly 90 days", expiresAt: at(90 * DAY), ok: true },
    { when: "90 days and a second away", expiresAt: at(90 * DAY + 1000), reason: "EXPIRY_TOO_LATE" },
    { when: "now", expiresAt: NOW, reason: "EXPIRY_IN_PAST" },
    { when: "yesterday", expiresAt: at(-DAY), reason: "EXPIRY_IN_PAST" },
  ])("$when → $reason", ({ expiresAt, ok, reason }) => {
    const check = checkTokenExpiry(expiresAt, NOW);
    if (ok) expect(check).toEqual({ ok: true });
    else expect(check).toMatchObject({ ok: false, field: "expiresAt", reason });
  });
});

describe("who may create tokens", () => {
  it("anyone enabled, while the tenant allows tokens", () => {
    expect(decideCreateApiToken(actor(), { isApiTokensOn: true }).allowed).toBe(true);
  });
  it("nobody while tokens are off, Global Administrators included", () => {
    expect(decideCreateApiToken(actor({ tenantRoles: ["global_admin"] }), { isApiTokensOn: false })).toMatchObject({
      allowed: false,
      code: "0x80040220",
      reason: "API_TOKENS_OFF",
    });
  });
  it("not a disabled user", () => {
    expect(decideCreateApiToken(actor({ isEnabled: false }), { isApiTokensOn: true })).toMatchObject({
      allowed: false,
      reason: "USER_DISABLED",
    });
  });
});

const PEOPLE: { who: string; roles: TenantRole[]; isGlobal: boolean }[] = [
  { who: "a Global Administrator", roles: ["global_admin"], isGlobal: true },
  { who: "an Exchange Administrator", roles: ["exchange_admin"], isGlobal: false },
  { who: "a Power Platform Administrator", roles: ["power_platform_admin"], isGlobal: false },
  { who: "a Dynamics 365 Administrator", roles: ["dynamics365_admin"], isGlobal: false },
  { who: "someone without tenant roles", roles: [], isGlobal: false },
];

describe("who sees and revokes a user's tokens", () => {
  it.each(PEOPLE)("$who: their own, yes", ({ roles }) => {
    expect(decideManageApiTokens(actor({ tenantRoles: roles }), 1).allowed).toBe(true);
  });
  it.each(PEOPLE)("$who: someone else's → allowed only to a Global Administrator", ({ roles, isGlobal }) => {
    const decision = decideManageApiTokens(actor({ tenantRoles: roles }), 2);
    expect(decision.allowed).toBe(isGlobal);
    if (!isGlobal) expect(decision).toMatchObject({ code: "NOT_FOUND", reason: "NOT_VISIBLE" });
  });
  it("a disabled Global Administrator sees nobody's", () => {
    expect(decideManageApiTokens(actor({ tenantRoles: ["global_admin"], isEnabled: false }), 2).allowed).toBe(false);
  });
});

describe("who turns tokens on or off for the tenant", () => {
  it.each(PEOPLE)("$who → allowed $isGlobal", ({ roles, isGlobal }) => {
    const decision = decideSetApiTokensOn(actor({ tenantRoles: roles }));
    expect(decision.allowed).toBe(isGlobal);
    if (!isGlobal) expect(decision).toMatchObject({ code: "0x80040220", reason: "NOT_GLOBAL_ADMIN" });
  });
});

describe("whether a presented token may act", () => {
  const good: TokenFacts = { expiresAt: at(DAY), revokedAt: null, isOwnerEnabled: true, isApiTokensOn: true };
  it.each([
    { case: "a live token of an enabled owner", facts: good, reason: null },
    { case: "revoked", facts: { ...good, revokedAt: at(-1000) }, reason: "TOKEN_REVOKED" },
    { case: "expired a moment ago", facts: { ...good, expiresAt: NOW }, reason: "TOKEN_EXPIRED" },
    {
      case: "revoked and expired: revoked says more",
      facts: { ...good, revokedAt: NOW, expiresAt: NOW },
      reason: "TOKEN_REVOKED",
    },
    { case: "its owner disabled", facts: { ...good, isOwnerEnabled: false }, reason: "USER_DISABLED" },
    { case: "tokens off for the tenant", facts: { ...good, isApiTokensOn: false }, reason: "API_TOKENS_OFF" },
  ])("$case → $reason", ({ facts, reason }) => {
    const decision = decideTokenUse(facts, NOW);
    expect(decision.allowed).toBe(reason === null);
    expect(decision.reason).toBe(reason);
    if (reason) expect(decision.code).toBe("UNAUTHENTICATED");
  });
});

describe("scopes narrow what a token may do", () => {
  const cases: { scopes: ApiScope[]; needed: ApiScope[]; allowed: boolean }[] = [
    { scopes: ["mailboxes.read"], needed: ["mailboxes.approve"], allowed: false },
    { scopes: ["mailboxes.approve"], needed: ["mailboxes.approve"], allowed: true },
    { scopes: ["mailboxes.read"], needed: ["mailboxes.read", "mailboxes.approve"], allowed: true },
    { scopes: ["delegations.read"], needed: ["delegations.write"], allowed: false },
    { scopes: ["audit.read"], needed: ["mailboxes.read"], allowed: false },
    { scopes: ["audit.read"], needed: [], allowed: true },
  ];
  it.each(cases)("a token with $scopes, an endpoint needing $needed → $allowed", ({ scopes, needed, allowed }) => {
    const decision = decideScope(scopes, needed);
    expect(decision.allowed).toBe(allowed);
    if (!allowed) expect(decision).toMatchObject({ code: "0x80040220", reason: "INSUFFICIENT_SCOPE" });
  });
  it("unknown words in a stored scope list grant nothing", () => {
    expect(parseScopes("mailboxes.read admin.all  audit.read")).toEqual(["mailboxes.read", "audit.read"]);
  });
});

describe("auditing uses after expiry", () => {
  it("the first use is audited, a second within the hour is not, one an hour later is", () => {
    expect(isExpiredUseAuditDue(null, NOW)).toBe(true);
    expect(isExpiredUseAuditDue(at(-59 * 60_000), NOW)).toBe(false);
    expect(isExpiredUseAuditDue(at(-60 * 60_000), NOW)).toBe(true);
  });
});
