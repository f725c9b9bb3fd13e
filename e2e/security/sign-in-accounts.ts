/** Throw-away directory users for the sign-in security tests, added by e2e/fixtures/sign-in-accounts.ts. */
const account = (alias: string, name: string, isEnabled = true) => ({ upn: `${alias}@contoso.com`, name, isEnabled });

export const SIGN_IN_ACCOUNTS = {
  wrongBurst: account("signin-burst-wrong", "Sign-in Burst Wrong"),
  rightLast: account("signin-burst-right", "Sign-in Burst Right"),
  disabled: account("signin-disabled", "Sign-in Disabled", false),
  sprayed: account("signin-sprayed", "Sign-in Sprayed"),
  callback: account("signin-callback", "Sign-in Callback"),
  signOut: account("signin-signout", "Sign-in Sign Out"),
  everywhere: account("signin-everywhere", "Sign-in Everywhere"),
} as const;
