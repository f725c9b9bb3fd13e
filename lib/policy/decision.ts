/** What every rule returns: the same object refuses in a service, disables a button and explains. */

export type Condition = { id: string; label: string; held: boolean };

export type Decision = {
  allowed: boolean;
  /** PPAC's error code on refusal (0x80040256, 0x80090904, …); null when allowed. */
  code: string | null;
  /** Our reason code naming the failing condition (NOT_SYSTEM_ADMIN, …); null when allowed. */
  reason: string | null;
  /** One plain sentence for people. */
  message: string;
  conditions: Condition[];
};

export function allow(message = "Allowed.", conditions: Condition[] = []): Decision {
  return { allowed: true, code: null, reason: null, message, conditions };
}

export function deny(code: string, reason: string, message: string, conditions: Condition[] = []): Decision {
  return { allowed: false, code, reason, message, conditions };
}

/** Refusal for something the actor may not even know exists: pages answer "not found". */
export const NOT_FOUND = deny(
  "NOT_FOUND",
  "NOT_VISIBLE",
  "Not found: it does not exist here, or it is not yours to see.",
);
