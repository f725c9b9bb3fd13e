"use client";

import { useActionState, useState } from "react";
import { EndDateField } from "../../../../_components/delegation/end-date-field";
import { CheckboxField, TextAreaField } from "@/components/ui/form-controls";
import { Refusal } from "@/components/ui/refusal";
import { SidePanel } from "@/components/ui/side-panel";
import { IDLE, type ActionState } from "@/lib/action-state";
import type { UserRow } from "@/lib/services/directory/environment-users";
import { saveUserRolesAction } from "../actions";

export type RoleOption = {
  id: number;
  name: string;
  isDma: boolean;
  refusal: { code: string | null; message: string } | null;
};

type Props = {
  isOpen: boolean;
  onClose: () => void;
  user: UserRow;
  environmentId: number;
  slug: string;
  roleOptions: RoleOption[];
  canManageDelegations: boolean;
};

/** "Manage security roles": one checkbox per assignable role; saving replaces the user's direct roles. */
export function ManageRolesPanel({
  isOpen,
  onClose,
  user,
  environmentId,
  slug,
  roleOptions,
  canManageDelegations,
}: Props) {
  const [state, formAction, isPending] = useActionState(async (previous: ActionState, formData: FormData) => {
    const next = await saveUserRolesAction(previous, formData);
    if (next.status === "done") onClose();
    return next;
  }, IDLE);
  const active = new Set(user.roles.filter((r) => !r.isExpired).map((r) => r.roleId));
  const dma = roleOptions.find((r) => r.isDma);
  const [isDmaTicked, setIsDmaTicked] = useState(dma ? active.has(dma.id) : false);
  const isDmaNew = dma !== undefined && isDmaTicked && !active.has(dma.id);

  return (
    <SidePanel title={`Manage security roles: ${user.fullName}`} isOpen={isOpen} onClose={onClose}>
      <form action={formAction} className="space-y-3">
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="environmentId" value={environmentId} />
        <input type="hidden" name="environmentUserId" value={user.id} />
        <input type="hidden" name="version" value={user.version} />
        {state.status === "refused" && (
          <Refusal title="Roles not saved" code={state.code} reason={state.reason} message={state.message} />
        )}
        {state.status === "invalid" && !state.fieldErrors?.justification && !state.fieldErrors?.endsAt && (
          <Refusal title="Roles not saved" message={state.message} />
        )}
        <fieldset>
          <legend className="mb-2 text-sm font-semibold">Security roles</legend>
          {roleOptions.map((role) => {
            const isLocked = role.isDma && active.has(role.id) && !canManageDelegations;
            const note = isLocked
              ? "Locked: only a Global or Exchange Administrator can change this role (0x80090904). Saving keeps it as it is."
              : role.refusal
                ? `${role.refusal.message}${role.refusal.code ? ` (${role.refusal.code})` : ""}`
                : undefined;
            return (
              <CheckboxField
                key={role.id}
                name="roleIds"
                value={role.id}
                label={role.name}
                defaultChecked={active.has(role.id)}
                disabled={isLocked}
                note={note}
                onChange={role.isDma ? (e) => setIsDmaTicked(e.currentTarget.checked) : undefined}
              />
            );
          })}
        </fieldset>
        {isDmaNew && (
          <div className="space-y-3 rounded-card border border-line p-3">
            <TextAreaField
              label="Justification"
              name="justification"
              required
              error={state.fieldErrors?.justification}
              hint="Why this person may approve mailboxes. Kept in the audit log."
            />
            <EndDateField name="endsAt" isRequired={false} error={state.fieldErrors?.endsAt} />
          </div>
        )}
        <div className="flex gap-2 pt-2">
          <button
            type="submit"
            disabled={isPending}
            className="rounded-control bg-brand px-3 py-1.5 font-semibold text-brand-fg hover:bg-brand-hover disabled:opacity-60"
          >
            {isPending ? "Saving…" : "Save"}
          </button>
          <button
            type="button"
            onClick={onClose}
            className="rounded-control border border-line px-3 py-1.5 font-semibold"
          >
            Cancel
          </button>
        </div>
      </form>
    </SidePanel>
  );
}
