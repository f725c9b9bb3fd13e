"use server";

import { z } from "zod";
import {
  actMethodField,
  idField,
  incomingMethodField,
  outgoingMethodField,
  slugField,
  versionField,
} from "@/lib/form-schemas";
import { DIGEST_INTERVALS } from "@/lib/policy/notifications";
import { environmentPages, serviceAction } from "@/lib/service-action";
import { updateEmailSettings } from "@/lib/services/settings/email-settings";

const SaveEmailSettingsInput = z.object({
  slug: slugField,
  environmentId: idField,
  version: versionField,
  values: z.object({
    processApprovedUsersOnly: z.boolean(),
    processApprovedQueuesOnly: z.boolean(),
    requirePrivilegeToSelfApprove: z.boolean(),
    notifyMailboxOwner: z.boolean(),
    approvalDigestMinutes: z.number().refine((n) => (DIGEST_INTERVALS as readonly number[]).includes(n), {
      message: "Choose one of the offered intervals.",
    }),
    defaultServerProfileId: idField.nullable(),
    defaultIncomingMethod: incomingMethodField,
    defaultOutgoingMethod: outgoingMethodField,
    defaultActMethod: actMethodField,
  }),
});
export type SaveEmailSettingsInput = z.input<typeof SaveEmailSettingsInput>;

export const saveEmailSettingsAction = serviceAction(
  SaveEmailSettingsInput,
  (input, { db, actor, ...ctx }) => updateEmailSettings(db, actor, input, ctx),
  { revalidate: environmentPages },
);
