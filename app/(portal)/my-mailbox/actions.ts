"use server";

import { z } from "zod";
import { idField, lines } from "@/lib/form-schemas";
import { APPROVAL_NOTE_MAX } from "@/lib/policy/notifications";
import { formAction } from "@/lib/service-action";
import { requestApproval } from "@/lib/services/notifications";

const RequestApprovalInput = z.object({
  mailboxId: idField,
  note: lines
    .trim()
    .max(APPROVAL_NOTE_MAX, `Keep the note to ${APPROVAL_NOTE_MAX} characters or fewer.`)
    .optional()
    .transform((note) => note || null),
});

export const requestApprovalAction = formAction(
  RequestApprovalInput,
  (input, { db, actor, ...ctx }) => requestApproval(db, actor, input, ctx),
  { revalidate: () => ["/my-mailbox"] },
);
