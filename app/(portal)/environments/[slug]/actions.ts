"use server";

import { z } from "zod";
import { idField, slugField } from "@/lib/form-schemas";
import { formAction } from "@/lib/service-action";
import { addMeAsSystemAdministrator } from "@/lib/services/directory/environment-membership";

const AddMeInput = z.object({ slug: slugField, environmentId: idField });

// The new role changes the navigation of every page.
export const addMeAsSystemAdministratorAction = formAction(
  AddMeInput,
  (input, { db, actor, ...ctx }) => addMeAsSystemAdministrator(db, actor, input, ctx),
  {
    revalidate: () => [{ layout: "/" }],
  },
);
