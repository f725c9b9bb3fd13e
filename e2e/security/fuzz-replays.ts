import type { demoFacts } from "./fuzz-traces";
import { form, type ActionReply, type ActionRef } from "./server-actions";

/** The malformed requests issue 11 names, each replayed with the answer it must now get. */
export type Replay = {
  label: string;
  as: "ava" | "bob";
  action: ActionRef;
  args: unknown[];
  isExpected: (reply: ActionReply) => boolean;
};

const ENV = "app/(portal)/environments/[slug]";
const action = (file: string, name: string): ActionRef => ({ file: `${file}/actions.ts`, name });
const MAILBOXES = `${ENV}/mailboxes`;
const commandAction: ActionRef = { file: `${MAILBOXES}/command-actions.ts`, name: "runMailboxCommandAction" };

type Value =
  | {
      status?: string;
      ok?: boolean;
      code?: string | null;
      reason?: string | null;
      refused?: { reason: string; count: number }[];
    }
  | null
  | undefined;
const value = (reply: ActionReply) => reply.value as Value;
const isNotFound = (reply: ActionReply) =>
  value(reply)?.code === "NOT_FOUND" && (value(reply)?.status === "refused" || value(reply)?.ok === false);
const isInvalid = (reply: ActionReply) =>
  value(reply)?.status === "invalid" || value(reply)?.reason === "INVALID_INPUT";

const IDLE = { status: "idle" };
const UNKNOWN = 999_999_999;
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, version: 1 }));

export function replays(marker: string, facts: ReturnType<typeof demoFacts>): Replay[] {
  const onboarding = { slug: "onboarding", environmentId: facts.onboardingId };
  const onboardingForm = { slug: "onboarding", environmentId: String(facts.onboardingId) };
  const settings = {
    processApprovedUsersOnly: true,
    processApprovedQueuesOnly: true,
    requirePrivilegeToSelfApprove: true,
    notifyMailboxOwner: false,
    approvalDigestMinutes: 60,
    defaultServerProfileId: null,
    defaultIncomingMethod: 3,
    defaultOutgoingMethod: 2,
    defaultActMethod: 2,
  };
  return [
    {
      label: "self-elevation into an unknown environment",
      as: "ava",
      action: action(ENV, "addMeAsSystemAdministratorAction"),
      args: [IDLE, form({ slug: "nowhere", environmentId: String(UNKNOWN) })],
      isExpected: isNotFound,
    },
    {
      label: "add a user to an unknown environment",
      as: "ava",
      action: action(`${ENV}/users`, "addUserAction"),
      args: [
        IDLE,
        form({ slug: "nowhere", environmentId: String(UNKNOWN), directoryUserId: String(facts.bobDirectoryId) }),
      ],
      isExpected: isNotFound,
    },
    {
      label: "a background-sized approval in an unknown environment",
      as: "ava",
      action: action(MAILBOXES, "precheckAction"),
      args: [{ slug: "nowhere", environmentId: UNKNOWN, items: items(1000), operation: "approve" }],
      isExpected: isNotFound,
    },
    {
      label: "OK with a pre-check snapshot nobody took",
      as: "ava",
      action: action(MAILBOXES, "runApprovalAction"),
      args: [{ ...onboarding, operation: "approve", snapshotId: "A".repeat(24) }],
      isExpected: (reply) => value(reply)?.reason === "PRECHECK_EXPIRED",
    },
    {
      label: "email settings of an unknown environment",
      as: "ava",
      action: action(`${ENV}/settings/email`, "saveEmailSettingsAction"),
      args: [{ slug: "nowhere", environmentId: UNKNOWN, version: 1, values: settings }],
      isExpected: isNotFound,
    },
    {
      label: "view=__proto__",
      as: "ava",
      action: action(MAILBOXES, "precheckAction"),
      args: [{ ...onboarding, matching: { view: "__proto__", q: "" }, operation: "approve" }],
      isExpected: isInvalid,
    },
    {
      label: "matching.q of 201 characters",
      as: "bob",
      action: commandAction,
      args: [{ ...onboarding, matching: { view: "pending", q: "q".repeat(201) }, command: "activate" }],
      isExpected: isInvalid,
    },
    // The smallest items there are, so the body stays under the 1 MB the server takes at all.
    {
      label: "100,001 items",
      as: "ava",
      action: action(MAILBOXES, "precheckAction"),
      args: [{ ...onboarding, items: Array(100_001).fill({ id: 1 }), operation: "reject" }],
      isExpected: isInvalid,
    },
    {
      label: "one mailbox twice in one approval",
      as: "ava",
      action: action(MAILBOXES, "precheckAction"),
      // A version no row has: the pre-check must count one stale row, not throw and not count it twice.
      // Reject, since no spec rejects Onboarding's mailboxes (an approved one would be "already approved").
      args: [
        {
          ...onboarding,
          items: [
            { id: facts.onboardingMailboxId, version: UNKNOWN },
            { id: facts.onboardingMailboxId, version: UNKNOWN },
          ],
          operation: "reject",
        },
      ],
      isExpected: (reply) =>
        JSON.stringify(value(reply)?.refused?.map((r) => [r.reason, r.count])) ===
        JSON.stringify([["STALE_VERSION", 1]]),
    },
    {
      label: "a role name with NUL",
      as: "ava",
      action: action(`${ENV}/roles`, "createRoleAction"),
      args: [IDLE, form({ ...onboardingForm, name: `${marker}\u0000`, "depth.prvReadMailbox": "user" })],
      isExpected: isInvalid,
    },
    {
      label: "a role name with a lone surrogate, sent as an object",
      as: "ava",
      action: action(`${ENV}/roles`, "createRoleAction"),
      args: [IDLE, { ...onboardingForm, name: `${marker}\ud800`, "depth.prvReadMailbox": "user" }],
      isExpected: isInvalid,
    },
    {
      label: "a server profile name with a control character",
      as: "ava",
      action: action(`${ENV}/settings/server-profiles`, "createProfileAction"),
      args: [
        IDLE,
        form({
          ...onboardingForm,
          name: `${marker}\u001b[2J`,
          authType: "s2s_same_tenant",
          oauthTenantId: "",
          oauthApplicationId: "",
          oauthSecret: "",
        }),
      ],
      isExpected: isInvalid,
    },
    {
      label: "a directory user named with BEL",
      as: "ava",
      action: action("app/(portal)/tenant/users", "createDirectoryUserAction"),
      args: [
        IDLE,
        form({ displayName: `${marker}\u0007`, upn: `${marker}@contoso.com`, password: "Long-enough-password-1" }),
      ],
      isExpected: isInvalid,
    },
    {
      label: "a search of 201 characters",
      as: "ava",
      action: action(`${ENV}/users`, "findAddableUsersAction"),
      args: [{ environmentId: facts.onboardingId, q: "q".repeat(201) }],
      isExpected: isInvalid,
    },
    {
      label: "a job id that is no id",
      as: "bob",
      action: action(MAILBOXES, "approvalJobAction"),
      args: [{ slug: "onboarding", jobId: -1 }],
      isExpected: (reply) => reply.status === 200 && value(reply) === null,
    },
    {
      label: "a profile command with a string for a boolean",
      as: "ava",
      action: action(`${ENV}/settings/server-profiles`, "setProfileActiveAction"),
      args: [{ ...onboarding, id: 1, isActive: "yes" }],
      isExpected: isInvalid,
    },
    {
      label: "sign-in with a string for the form",
      as: "bob",
      action: { file: "app/sign-in/actions.ts", name: "signInAction" },
      args: [IDLE, "email=bob@contoso.com"],
      isExpected: isInvalid,
    },
    {
      label: "sign-in with NUL in the email",
      as: "bob",
      action: { file: "app/sign-in/actions.ts", name: "signInAction" },
      args: [IDLE, form({ email: `${marker}\u0000@contoso.com`, password: "x" })],
      isExpected: isInvalid,
    },
  ];
}
