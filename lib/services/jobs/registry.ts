import "server-only";
import { MAILBOX_APPROVAL, mailboxApprovalKind } from "../mailboxes/approval-job";
import { TEST_AND_ENABLE_PROFILE, testAndEnableProfileKind } from "../mailboxes/test-and-enable-job";
import type { JobKinds } from "./types";

/** The app's background jobs: every kind the server can run or resume, by the name stored with each job. */
export const JOB_KINDS: JobKinds = {
  [TEST_AND_ENABLE_PROFILE]: testAndEnableProfileKind,
  [MAILBOX_APPROVAL]: mailboxApprovalKind,
};
