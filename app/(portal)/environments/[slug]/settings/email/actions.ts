"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fromServiceResult, invalid, type ActionState } from "@/lib/action-state";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { updateEmailSettings } from "@/lib/services/email-settings";

const SaveEmailSettingsInput = z.object({
  slug: z.string(),
  environmentId: z.number().int().positive(),
  version: z.number().int(),
  values: z.object({
    processApprovedUsersOnly: z.boolean(),
    processApprovedQueuesOnly: z.boolean(),
    requirePrivilegeToSelfApprove: z.boolean(),
    notifyMailboxOwner: z.boolean(),
    defaultServerProfileId: z.number().int().positive().nullable(),
    defaultIncomingMethod: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
    defaultOutgoingMethod: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    defaultActMethod: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  }),
});
export type SaveEmailSettingsInput = z.input<typeof SaveEmailSettingsInput>;

export async function saveEmailSettingsAction(input: SaveEmailSettingsInput): Promise<ActionState> {
  const parsed = SaveEmailSettingsInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { slug, ...rest } = parsed.data;
  const result = updateEmailSettings(getDb(), await getActor(), rest, { origin: await getOrigin(), now: new Date() });
  if (result.ok) revalidatePath(`/environments/${slug}`, "layout");
  return fromServiceResult(result);
}
