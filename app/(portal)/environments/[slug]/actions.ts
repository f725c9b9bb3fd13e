"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fromServiceResult, invalid, type ActionState } from "@/lib/action-state";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { idField } from "@/lib/form-schemas";
import { addMeAsSystemAdministrator } from "@/lib/services/environment-membership";

const AddMeInput = z.object({ slug: z.string(), environmentId: idField });

export async function addMeAsSystemAdministratorAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = AddMeInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const result = addMeAsSystemAdministrator(getDb(), await getActor(), { environmentId: parsed.data.environmentId }, { origin: await getOrigin(), now: new Date() });
  if (result.ok) revalidatePath("/", "layout");
  return fromServiceResult(result);
}
