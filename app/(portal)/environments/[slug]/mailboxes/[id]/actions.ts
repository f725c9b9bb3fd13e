"use server";

import { z } from "zod";
import { emailField, idField, slugField, versionField } from "@/lib/form-schemas";
import { environmentPages, formAction } from "@/lib/service-action";
import { changeMailboxAddress } from "@/lib/services/mailboxes/changes";

const ChangeAddressInput = z.object({
  slug: slugField,
  environmentId: idField,
  mailboxId: idField,
  version: versionField,
  emailAddress: emailField(),
});

export const changeAddressAction = formAction(
  ChangeAddressInput,
  (input, { db, actor, ...ctx }) => changeMailboxAddress(db, actor, input, ctx),
  { revalidate: environmentPages },
);
