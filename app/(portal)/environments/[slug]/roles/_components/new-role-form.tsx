"use client";

import Link from "@/components/ui/link";
import { startTransition, useActionState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/form-controls";
import { Refusal } from "@/components/ui/refusal";
import { IDLE } from "@/lib/action-state";
import { DEPTH_LABELS, DEPTHS, PRIVILEGES, type Privilege } from "@/lib/policy/catalog";
import { createRoleAction } from "../actions";
import { DEPTH_FIELD_PREFIX } from "./depth-fields";

const PRIVILEGE_ENTRIES = Object.entries(PRIVILEGES) as [Privilege, string][];

/** A name and, per privilege, a depth (None leaves it out). Success lands on the new role's page. */
export function NewRoleForm({
  slug,
  environmentId,
  cancelHref,
}: {
  slug: string;
  environmentId: number;
  cancelHref: string;
}) {
  const [state, formAction, isPending] = useActionState(createRoleAction, IDLE);
  // Submitting by hand keeps the chosen depths after a refusal (a form action would reset the form).
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  };
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} onSubmit={onSubmit} className="max-w-3xl space-y-5" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="environmentId" value={environmentId} />
      {state.status === "refused" && (
        <Refusal title="Role not created" code={state.code} reason={state.reason} message={state.message} />
      )}
      <Field label="Name" name="name" required maxLength={100} error={errors.name} />
      <fieldset aria-describedby={errors.privileges ? "privileges-error" : undefined}>
        <legend className="mb-1 text-base font-semibold">Privileges</legend>
        <p className="mb-3 text-sm text-muted">
          Choose a depth for each privilege the role grants; None leaves it out.
        </p>
        {errors.privileges && (
          <p id="privileges-error" className="mb-3 text-sm text-danger">
            {errors.privileges}
          </p>
        )}
        <div className="grid gap-3 sm:grid-cols-2">
          {PRIVILEGE_ENTRIES.map(([privilege, label]) => (
            <SelectField key={privilege} label={label} name={`${DEPTH_FIELD_PREFIX}${privilege}`} defaultValue="">
              <option value="">None</option>
              {DEPTHS.map((depth) => (
                <option key={depth} value={depth}>
                  {DEPTH_LABELS[depth]}
                </option>
              ))}
            </SelectField>
          ))}
        </div>
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={isPending}>
          {isPending ? "Creating…" : "Create role"}
        </Button>
        <Link
          href={cancelHref}
          className="inline-flex items-center rounded-control border border-line px-3 py-1.5 text-sm font-semibold hover:bg-surface-alt"
        >
          Cancel
        </Link>
      </div>
    </form>
  );
}
