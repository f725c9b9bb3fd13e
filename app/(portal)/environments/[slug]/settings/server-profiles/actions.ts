"use server";

import { z } from "zod";
import { idField, line, optionalLine, slugField, versionField } from "@/lib/form-schemas";
import { environmentPages, formAction, serviceAction } from "@/lib/service-action";
import { startTestAndEnableProfileJob } from "@/lib/services/mailboxes/test-and-enable-profile";
import {
  createServerProfile,
  setDefaultServerProfile,
  setServerProfileActive,
  updateServerProfile,
} from "@/lib/services/settings/server-profile-changes";

const ProfileInput = z.object({
  slug: slugField,
  environmentId: idField,
  name: line.trim().min(1, "Give the profile a name.").max(100, "Keep the name under 100 characters."),
  authType: z.enum(["s2s_same_tenant", "oauth_cross_tenant"], { message: "Choose how the profile authenticates." }),
  oauthTenantId: optionalLine(200),
  oauthApplicationId: optionalLine(200),
  // Never trimmed or echoed back: a secret is taken exactly as typed.
  oauthSecret: line.max(1000, "Keep the secret under 1000 characters.").transform((v) => v || null),
});
const UpdateProfileInput = ProfileInput.extend({ id: idField, version: versionField });
const ProfileCommand = z.object({ slug: slugField, environmentId: idField, id: idField });

const profileOf = ({
  name,
  authType,
  oauthTenantId,
  oauthApplicationId,
  oauthSecret,
}: z.output<typeof ProfileInput>) => ({ name, authType, oauthTenantId, oauthApplicationId, oauthSecret });

export const createProfileAction = formAction(
  ProfileInput,
  (input, { db, actor, ...ctx }) =>
    createServerProfile(db, actor, { environmentId: input.environmentId, profile: profileOf(input) }, ctx),
  {
    revalidate: environmentPages,
    redirectTo: ({ slug }) => `/environments/${slug}/settings/server-profiles`,
  },
);

export const updateProfileAction = formAction(
  UpdateProfileInput,
  (input, { db, actor, ...ctx }) =>
    updateServerProfile(
      db,
      actor,
      { environmentId: input.environmentId, id: input.id, version: input.version, profile: profileOf(input) },
      ctx,
    ),
  { revalidate: environmentPages },
);

export const setDefaultProfileAction = serviceAction(
  ProfileCommand,
  (input, { db, actor, ...ctx }) => setDefaultServerProfile(db, actor, input, ctx),
  { revalidate: environmentPages },
);

export const setProfileActiveAction = serviceAction(
  ProfileCommand.extend({ isActive: z.boolean() }),
  (input, { db, actor, ...ctx }) => setServerProfileActive(db, actor, input, ctx),
  {
    revalidate: environmentPages,
  },
);

/** Starts the background job and sends the admin to its progress page. */
export const startProfileJobAction = serviceAction(
  ProfileCommand,
  ({ environmentId, id }, { db, actor, ...ctx }) =>
    startTestAndEnableProfileJob(db, actor, { environmentId, serverProfileId: id }, ctx),
  {
    redirectTo: ({ slug }, result) => `/environments/${slug}/jobs/${result.jobId}`,
  },
);
