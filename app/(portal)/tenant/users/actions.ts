"use server";

import { z } from "zod";
import { checkbox, emailField, idField, line, listOf, versionField } from "@/lib/form-schemas";
import { TENANT_ROLE_KEYS } from "@/lib/policy/catalog";
import { formAction, type Revalidation } from "@/lib/service-action";
import { setBreakGlass } from "@/lib/services/directory/break-glass";
import { setApiTokensOn } from "@/lib/services/settings/tenant-settings";
import {
  createDirectoryUser,
  saveTenantRoles,
  setDirectoryUserEnabled,
  setExchangeFacts,
} from "@/lib/services/directory/user-changes";

const UserRef = { userId: idField, version: versionField };

const CreateDirectoryUserInput = z.object({
  displayName: line.trim().min(1, "Enter a display name.").max(256, "That name is too long."),
  upn: emailField("Enter the user principal name as an email address, e.g. name@contoso.com."),
  password: line.min(12, "Use at least 12 characters.").max(256, "That password is too long."),
  hasLicensedMailbox: checkbox,
});
const SaveTenantRolesInput = z.object({ ...UserRef, roles: listOf(z.enum(TENANT_ROLE_KEYS), TENANT_ROLE_KEYS.length) });
const SetUserEnabledInput = z.object({
  ...UserRef,
  isEnabled: z.enum(["true", "false"]).transform((value) => value === "true"),
});
const SetBreakGlassInput = z.object({
  ...UserRef,
  isBreakGlass: z.enum(["true", "false"]).transform((value) => value === "true"),
});
const SetExchangeFactsInput = z.object({ ...UserRef, kind: z.enum(["user", "shared", "none"]), isLicensed: checkbox });

const userPages = ({ userId }: { userId: number }): Revalidation[] => ["/tenant/users", `/tenant/users/${userId}`];

export const createDirectoryUserAction = formAction(
  CreateDirectoryUserInput,
  (input, { db, actor, origin }) => createDirectoryUser(db, { actor, origin, ...input }),
  {
    revalidate: () => ["/tenant/users"],
    redirectTo: (_input, result) => `/tenant/users/${result.userId}`,
  },
);

export const saveTenantRolesAction = formAction(
  SaveTenantRolesInput,
  (input, { db, actor, origin }) => saveTenantRoles(db, { actor, origin, ...input }),
  { revalidate: userPages },
);

export const setDirectoryUserEnabledAction = formAction(
  SetUserEnabledInput,
  (input, { db, actor, origin }) => setDirectoryUserEnabled(db, { actor, origin, ...input }),
  { revalidate: userPages },
);

export const setExchangeFactsAction = formAction(
  SetExchangeFactsInput,
  ({ kind, isLicensed, ...ref }, { db, actor, origin }) =>
    setExchangeFacts(db, { actor, origin, ...ref, exchange: { kind, isLicensed } }),
  { revalidate: userPages },
);

export const setBreakGlassAction = formAction(
  SetBreakGlassInput,
  (input, { db, actor, origin }) => setBreakGlass(db, { actor, origin, ...input }),
  // The home page warns while no break-glass account exists.
  { revalidate: (input) => [...userPages(input), "/"] },
);

const SetApiTokensOnInput = z.object({
  version: versionField,
  isOn: z.enum(["true", "false"]).transform((value) => value === "true"),
});

export const setApiTokensOnAction = formAction(
  SetApiTokensOnInput,
  (input, { db, actor, origin, now }) => setApiTokensOn(db, actor, input, { origin, now }),
  { revalidate: () => ["/tenant/users", "/me/tokens"] },
);
