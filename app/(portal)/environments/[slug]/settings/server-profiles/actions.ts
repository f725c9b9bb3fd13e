"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fromServiceResult, invalid, type ActionState } from "@/lib/action-state";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { idField } from "@/lib/form-schemas";
import { startTestAndEnableProfileJob } from "@/lib/services/jobs";
import { createServerProfile, setDefaultServerProfile, setServerProfileActive, updateServerProfile } from "@/lib/services/server-profiles";

const optional = z.string().trim().max(200).transform((v) => v || null);
const ProfileInput = z.object({
  slug: z.string(),
  environmentId: idField,
  name: z.string().trim().min(1, "Give the profile a name.").max(100, "Keep the name under 100 characters."),
  authType: z.enum(["s2s_same_tenant", "oauth_cross_tenant"], { message: "Choose how the profile authenticates." }),
  oauthTenantId: optional,
  oauthApplicationId: optional,
  // Never trimmed or echoed back: a secret is taken exactly as typed.
  oauthSecret: z.string().max(1000).transform((v) => v || null),
});

const context = async () => ({ origin: await getOrigin(), now: new Date() });

export async function createProfileAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = ProfileInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { slug, environmentId, ...profile } = parsed.data;
  const result = createServerProfile(getDb(), await getActor(), { environmentId, profile }, await context());
  if (!result.ok) return fromServiceResult(result);
  revalidatePath(`/environments/${slug}`, "layout");
  redirect(`/environments/${slug}/settings/server-profiles`);
}

export async function updateProfileAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = ProfileInput.extend({ id: idField, version: z.coerce.number().int() }).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { slug, environmentId, id, version, ...profile } = parsed.data;
  const result = updateServerProfile(getDb(), await getActor(), { environmentId, id, version, profile }, await context());
  if (result.ok) revalidatePath(`/environments/${slug}`, "layout");
  return fromServiceResult(result);
}

const ProfileCommand = z.object({ slug: z.string(), environmentId: z.number().int().positive(), id: z.number().int().positive() });
type ProfileCommandInput = z.input<typeof ProfileCommand>;

export async function setDefaultProfileAction(input: ProfileCommandInput): Promise<ActionState> {
  const { slug, ...rest } = ProfileCommand.parse(input);
  const result = setDefaultServerProfile(getDb(), await getActor(), rest, await context());
  if (result.ok) revalidatePath(`/environments/${slug}`, "layout");
  return fromServiceResult(result);
}

export async function setProfileActiveAction(input: ProfileCommandInput & { isActive: boolean }): Promise<ActionState> {
  const { slug, isActive, ...rest } = ProfileCommand.extend({ isActive: z.boolean() }).parse(input);
  const result = setServerProfileActive(getDb(), await getActor(), { ...rest, isActive }, await context());
  if (result.ok) revalidatePath(`/environments/${slug}`, "layout");
  return fromServiceResult(result);
}

/** Starts the background job and sends the admin to its progress page. */
export async function startProfileJobAction(input: ProfileCommandInput): Promise<ActionState> {
  const { slug, environmentId, id } = ProfileCommand.parse(input);
  const result = startTestAndEnableProfileJob(getDb(), await getActor(), { environmentId, serverProfileId: id }, await context());
  if (!result.ok) return fromServiceResult(result);
  redirect(`/environments/${slug}/jobs/${result.jobId}`);
}
