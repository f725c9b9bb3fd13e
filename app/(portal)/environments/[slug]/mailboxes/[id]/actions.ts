"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fromServiceResult, invalid, type ActionState } from "@/lib/action-state";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { idField } from "@/lib/form-schemas";
import { changeMailboxAddress } from "@/lib/services/mailbox-changes";

const ChangeAddressInput = z.object({
  slug: z.string(),
  environmentId: idField,
  mailboxId: idField,
  version: z.coerce.number().int(),
  emailAddress: z.email("Enter a valid email address.").max(320, "That address is too long."),
});

export async function changeAddressAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = ChangeAddressInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { slug, ...input } = parsed.data;
  const result = changeMailboxAddress(getDb(), await getActor(), input, { origin: await getOrigin(), now: new Date() });
  if (result.ok) revalidatePath(`/environments/${slug}`, "layout");
  return fromServiceResult(result);
}
