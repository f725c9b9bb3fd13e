"use server";

import { z } from "zod";
import { NOTIFICATION_KINDS } from "@/lib/policy/notifications";
import { formAction } from "@/lib/service-action";
import { saveEmailPreferences } from "@/lib/services/notifications";

// A form sends one value per field of a name: none, one (a string) or several (an array).
const kinds = z
  .union([z.enum(NOTIFICATION_KINDS), z.array(z.enum(NOTIFICATION_KINDS)).max(NOTIFICATION_KINDS.length)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

const PreferencesInput = z.object({
  /** Every kind the form showed: a save changes those and no other (a form with no box ticked is a choice too). */
  shown: kinds,
  /** The ticked ones: email on. */
  emailOn: kinds.optional().transform((v) => v ?? []),
});

export const saveEmailPreferencesAction = formAction(
  PreferencesInput,
  (input, { db, actor, ...ctx }) => saveEmailPreferences(db, actor, input, ctx),
  { revalidate: () => ["/notifications/settings"] },
);
