"use server";

import { z } from "zod";
import { idField, idOf, listOf, slugField, versionField } from "@/lib/form-schemas";
import { environmentPages, formAction } from "@/lib/service-action";
import { addTeamMember, removeTeamMember, saveTeamRoles } from "@/lib/services/directory/team-changes";

const TeamInput = z.object({ slug: slugField, environmentId: idField, teamId: idField, version: versionField });
const MemberInput = TeamInput.extend({ environmentUserId: idOf("Choose a user.") });
const TeamRolesInput = TeamInput.extend({ roleIds: listOf(idField, 100) });

// Team changes also move the roles pages' member counts: the whole environment is refreshed.
export const addTeamMemberAction = formAction(
  MemberInput,
  (input, { db, actor, ...ctx }) => addTeamMember(db, actor, input, ctx),
  { revalidate: environmentPages },
);

export const removeTeamMemberAction = formAction(
  MemberInput,
  (input, { db, actor, ...ctx }) => removeTeamMember(db, actor, input, ctx),
  { revalidate: environmentPages },
);

export const saveTeamRolesAction = formAction(
  TeamRolesInput,
  (input, { db, actor, ...ctx }) => saveTeamRoles(db, actor, input, ctx),
  { revalidate: environmentPages },
);
