/**
 * Exchange knows an address only on one of the tenant's accepted domains: approving
 * mark@contso.com (a typo of contoso.com) makes no mail flow, and Test & Enable then fails with
 * NoUserWithEmailAddressInTenant. The grid and the approve pre-check flag such addresses first.
 */
export function isOnAcceptedDomain(address: string, acceptedDomains: readonly string[]): boolean {
  const at = address.lastIndexOf("@");
  if (at < 0) return false;
  const domain = address
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return acceptedDomains.some((d) => d.toLowerCase() === domain);
}
