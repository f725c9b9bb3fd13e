"use client";

import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/form-controls";
import { Refusal } from "@/components/ui/refusal";
import { TENANT_ROLE_KEYS, TENANT_ROLES, type TenantRole } from "@/lib/policy/catalog";
import { saveTenantRolesAction } from "../actions";
import {
  CommandPanel,
  submitKeepingValues,
  usePanelAction,
  type PanelControls,
  type Unavailable,
} from "./command-panel";

type Props = {
  userId: number;
  version: number;
  roles: TenantRole[];
  /** Set when taking Global Administrator away would be refused, to say so before anyone tries. */
  globalAdminNote: string | null;
};

export function ManageRolesCommand({ unavailable, ...props }: Props & { unavailable: Unavailable }) {
  return (
    <CommandPanel label="Manage roles" title="Manage tenant roles" unavailable={unavailable}>
      {(controls) => <ManageRolesForm {...props} {...controls} />}
    </CommandPanel>
  );
}

function ManageRolesForm({ userId, version, roles, globalAdminNote, finish }: Props & PanelControls) {
  const [state, dispatch, isPending] = usePanelAction(saveTenantRolesAction, finish, "Roles saved.");

  return (
    <form onSubmit={submitKeepingValues(dispatch)} className="space-y-4">
      {state.status === "refused" && (
        <Refusal title="Roles not saved" code={state.code} reason={state.reason} message={state.message} />
      )}
      {state.status === "invalid" && <Refusal title="Roles not saved" message={state.message} />}
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="version" value={version} />
      <fieldset>
        <legend className="mb-2 text-sm font-semibold">Tenant roles</legend>
        {TENANT_ROLE_KEYS.map((role) => (
          // Never disabled: a disabled checkbox is left out of the form data, which would read as "remove".
          <CheckboxField
            key={role}
            name="roles"
            value={role}
            label={TENANT_ROLES[role].name}
            defaultChecked={roles.includes(role)}
            note={role === "global_admin" ? globalAdminNote : undefined}
          />
        ))}
      </fieldset>
      <Button type="submit" variant="primary" disabled={isPending}>
        {isPending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}
