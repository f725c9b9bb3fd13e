import { describe, expect, it } from "vitest";
import { matchSsoAccount, type AccountCandidate, type AccountMatch, type SsoTrust } from "./sso-accounts";
import type { SsoClaims } from "./sso-claims";

const TENANT = "11111111-1111-1111-1111-111111111111";
const OTHER_TENANT = "22222222-2222-2222-2222-222222222222";
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const trust: SsoTrust = { tenantId: TENANT, issuer: ISSUER };

const token = (extra: Partial<SsoClaims> = {}): SsoClaims => ({
  tenantId: TENANT,
  objectId: "oid-evan",
  upn: "evan@contoso.com",
  email: "evan@contoso.com",
  displayName: "Evan Evans",
  issuer: ISSUER,
  isGuest: false,
  tenantRoles: [],
  ...extra,
});

const localEvan: AccountCandidate = { id: 7, upn: "evan@contoso.com", entraTenantId: null, entraObjectId: null };
const linkedEvan: AccountCandidate = { ...localEvan, entraTenantId: TENANT, entraObjectId: "oid-evan" };
const evanLinkedElsewhere: AccountCandidate = { ...localEvan, entraTenantId: TENANT, entraObjectId: "oid-other" };

type Case = {
  story: string;
  claims: SsoClaims;
  byObject?: AccountCandidate;
  byUpn?: AccountCandidate;
  expected: AccountMatch;
};

const CASES: Case[] = [
  {
    story: "someone new to the portal is provisioned with the token's UPN and name",
    claims: token(),
    expected: { outcome: "provision", upn: "evan@contoso.com", displayName: "Evan Evans" },
  },
  {
    story: "someone new without a name claim is named by their UPN",
    claims: token({ displayName: null }),
    expected: { outcome: "provision", upn: "evan@contoso.com", displayName: "evan@contoso.com" },
  },
  {
    story: "a user already linked to the token's tenant and object signs in as themself",
    claims: token(),
    byObject: linkedEvan,
    byUpn: linkedEvan,
    expected: { outcome: "existing", userId: 7 },
  },
  {
    story: "a linked user whose UPN changed in the directory is still found by object id",
    claims: token({ upn: "evan.evans@contoso.com" }),
    byObject: linkedEvan,
    expected: { outcome: "existing", userId: 7 },
  },
  {
    story: "a local account with the token's UPN, from the configured tenant's issuer, is linked",
    claims: token(),
    byUpn: localEvan,
    expected: { outcome: "link", userId: 7 },
  },
  {
    story: "a local account is not linked when the token comes from another issuer of the tenant (v1 endpoint)",
    claims: token({ issuer: `https://sts.windows.net/${TENANT}/` }),
    byUpn: localEvan,
    expected: { outcome: "refuse", reason: "UPN_NOT_LINKABLE" },
  },
  {
    story: "a guest whose UPN-like name matches a local account is not linked to it",
    claims: token({ isGuest: true }),
    byUpn: localEvan,
    expected: { outcome: "refuse", reason: "UPN_NOT_LINKABLE" },
  },
  {
    story: "an account that already signs in as another directory object is not taken over",
    claims: token(),
    byUpn: evanLinkedElsewhere,
    expected: { outcome: "refuse", reason: "UPN_LINKED_ELSEWHERE" },
  },
  {
    story: "a token from another tenant is refused, even for a user linked there",
    claims: token({ tenantId: OTHER_TENANT }),
    byUpn: localEvan,
    expected: { outcome: "refuse", reason: "FOREIGN_TENANT" },
  },
  {
    story: "a token without a tenant id is refused",
    claims: token({ tenantId: null }),
    expected: { outcome: "refuse", reason: "MISSING_CLAIMS" },
  },
  {
    story: "a token without an object id is refused, whatever its UPN",
    claims: token({ objectId: null }),
    byUpn: localEvan,
    expected: { outcome: "refuse", reason: "MISSING_CLAIMS" },
  },
  {
    story: "someone new without a UPN is refused: an email alone never names an account",
    claims: token({ upn: null }),
    expected: { outcome: "refuse", reason: "MISSING_CLAIMS" },
  },
];

describe("which portal user a single sign-on token signs in as", () => {
  for (const { story, claims, byObject, byUpn, expected } of CASES)
    it(story, () =>
      expect(matchSsoAccount(claims, trust, { byObject: byObject ?? null, byUpn: byUpn ?? null })).toEqual(expected),
    );
});
