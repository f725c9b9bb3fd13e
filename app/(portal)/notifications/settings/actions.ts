"use server";

import { z } from "zod";
import { NOTIFICATION_KINDS } from "@/lib/policy/notifications";
import { formAction } from "@/lib/service-action";
import { saveEmailPreferences } from "@/lib/services/notifications";

const PreferencesInput = z.object({
  // A form sends one value per ticked box: none, one (a string) or several (an array).
  emailOn: z
    .union([z.enum(NOTIFICATION_KINDS), z.array(z.enum(NOTIFICATION_KINDS)).max(NOTIFICATION_KINDS.length)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

export const saveEmailPreferencesAction = formAction(
  PreferencesInput,
  (input, { db, actor, ...ctx }) => saveEmailPreferences(db, actor, input, ctx),
  { revalidate: () => ["/notifications/settings"] },
);
