"use client";

import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import { IDLE } from "@/lib/action-state";
import type { AuthType } from "@/lib/services/settings/server-profiles";
import { createProfileAction, updateProfileAction } from "../actions";

type Existing = {
  id: number;
  version: number;
  name: string;
  authType: AuthType;
  oauthTenantId: string | null;
  oauthApplicationId: string | null;
  hasSecret: boolean;
};

/**
 * Create or edit a profile. The secret is write-only: the field always starts empty, and on edit
 * an empty field keeps the stored secret.
 */
export function ProfileForm({
  slug,
  environmentId,
  existing,
  refusal,
}: {
  slug: string;
  environmentId: number;
  existing: Existing | null;
  refusal: string | null;
}) {
  const [state, formAction, isPending] = useActionState(existing ? updateProfileAction : createProfileAction, IDLE);
  const [authType, setAuthType] = useState<AuthType>(existing?.authType ?? "s2s_same_tenant");
  const errors = state.fieldErrors ?? {};
  const isLocked = refusal !== null;
  return (
    <form action={formAction} className="max-w-xl space-y-3">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="environmentId" value={environmentId} />
      {existing && <input type="hidden" name="id" value={existing.id} />}
      {existing && <input type="hidden" name="version" value={existing.version} />}
      <Field label="Name" name="name" defaultValue={existing?.name} required disabled={isLocked} error={errors.name} />
      <Field
        label="Server type"
        name="type"
        value="Exchange Online"
        readOnly
        disabled
        hint="Exchange Online is the only type this portal supports."
      />
      <SelectField
        label="Authentication"
        name="authType"
        value={authType}
        disabled={isLocked}
        onChange={(e) => setAuthType(e.target.value as AuthType)}
        error={errors.authType}
      >
        <option value="s2s_same_tenant">Server-to-Server (same tenant)</option>
        <option value="oauth_cross_tenant">OAuth (cross-tenant)</option>
      </SelectField>
      {authType === "oauth_cross_tenant" && (
        <>
          <Field
            label="Tenant id"
            name="oauthTenantId"
            defaultValue={existing?.oauthTenantId ?? ""}
            disabled={isLocked}
            error={errors.oauthTenantId}
          />
          <Field
            label="Application id"
            name="oauthApplicationId"
            defaultValue={existing?.oauthApplicationId ?? ""}
            disabled={isLocked}
            error={errors.oauthApplicationId}
          />
          <Field
            label="Client secret"
            name="oauthSecret"
            type="password"
            autoComplete="new-password"
            defaultValue=""
            disabled={isLocked}
            error={errors.oauthSecret}
            hint={
              existing?.hasSecret
                ? "A secret is stored and is never shown. Leave this empty to keep it, or type a new one to replace it."
                : "Stored for the sync service and never shown again."
            }
          />
        </>
      )}
      {authType === "s2s_same_tenant" && <input type="hidden" name="oauthSecret" value="" />}
      {authType === "s2s_same_tenant" && <input type="hidden" name="oauthTenantId" value="" />}
      {authType === "s2s_same_tenant" && <input type="hidden" name="oauthApplicationId" value="" />}
      {state.status === "refused" && (
        <Refusal title="Profile not saved" code={state.code} reason={state.reason} message={state.message} />
      )}
      {state.status === "done" && (
        <Notice tone="success" title="Profile saved">
          {state.message}
        </Notice>
      )}
      {!isLocked && (
        <button
          type="submit"
          disabled={isPending}
          className="rounded-control bg-brand px-4 py-1.5 font-semibold text-brand-fg hover:bg-brand-hover disabled:opacity-60"
        >
          {isPending ? "Saving…" : existing ? "Save" : "Create"}
        </button>
      )}
    </form>
  );
}
