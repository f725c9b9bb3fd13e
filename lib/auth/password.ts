import { hash, verify, type Options } from "@node-rs/argon2";

/**
 * argon2id (the library's default algorithm) with its default cost: ~25 ms of CPU here, off the
 * event loop. Only the unit tests lower it (lowerPasswordCostForUnitTests); e2e/security/sign-in.spec.ts
 * checks that the portal's own hashes keep the default.
 */
let cost: Options | undefined;

/**
 * For the unit tests' setup file (lib/auth/unit-test-setup.ts) only: they sign in hundreds of
 * times to prove throttling and lockout, where the hash's cost is not what is tested (sign-in.test.ts
 * took 37 CPU s at the real cost, 22 at this one). A hash keeps its cost in its own text, so either kind verifies.
 */
export function lowerPasswordCostForUnitTests() {
  cost = { memoryCost: 64, timeCost: 1 };
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, cost);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when the account does not exist, so timing does not reveal which emails exist. */
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword("decoy-password-never-matches");
  return decoyHash;
}
