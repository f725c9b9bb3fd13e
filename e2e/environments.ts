/**
 * Environments of a spec's (or a test's) own: each a copy of a demo environment — the same
 * members, roles, mailboxes, teams and queues — under its own name and slug, added by
 * e2e/fixtures/own-environments.ts before the server starts. A test that changes data works in
 * its own copy, so no spec depends on another's changes, nothing is "put back", and parallel
 * workers never race. Production and Sandbox themselves are only read.
 *
 * Names never contain "Contoso Production" or "Contoso Sandbox", so the demo's names stay unique
 * wherever a test looks them up (links, rows, options).
 */
export type OwnEnvironment = { slug: string; name: string; copyOf: "production" | "sandbox" };

const own = (slug: string, name: string, copyOf: OwnEnvironment["copyOf"]): OwnEnvironment => ({ slug, name, copyOf });

export const OWN_ENVIRONMENTS = {
  // approval.spec
  evanJoins: own("evan-joins", "Evan Joins", "production"),
  // audit-log.spec
  auditDelegation: own("audit-delegation", "Audit Delegation", "production"),
  auditSandbox: own("audit-sandbox", "Audit Sandbox Event", "sandbox"),
  // delegated-approval.spec (one story, serial)
  delegatedApproval: own("delegated-approval", "Delegated Approval Story", "production"),
  // delegation.spec
  lockedDma: own("locked-dma", "Locked DMA", "production"),
  dmaExpiry: own("dma-expiry", "DMA Expiry", "production"),
  selfElevation: own("self-elevation", "Self Elevation", "sandbox"),
  escalation: own("escalation", "Escalation Attempt", "production"),
  // production-tande.spec
  testAndEnable: own("test-and-enable", "Test and Enable Runs", "production"),
  profileRun: own("profile-run", "Profile Run", "production"),
  // teams-and-roles.spec
  customRole: own("custom-role", "Custom Role", "production"),
  teamMembers: own("team-members", "Team Members", "production"),
  // test-and-enable.spec
  selfApproval: own("self-approval", "Self Approval", "production"),
  requirePrivilege: own("require-privilege", "Require Privilege", "sandbox"),
  approvedUsersOnly: own("approved-users-only", "Approved Users Only", "sandbox"),
  // walkthrough/audit-names.spec
  auditNames: own("audit-names", "Audit Names", "production"),
  // a11y/keyboard-only.spec
  keyboardOnly: own("keyboard-only", "Keyboard Only", "production"),
  // walkthrough/users-and-pending.spec
  usersAndPending: own("users-and-pending", "Users and Pending", "production"),
  // walkthrough/assign-role.spec
  assignRole: own("assign-role", "Assign Role", "production"),
} as const satisfies Record<string, OwnEnvironment>;
