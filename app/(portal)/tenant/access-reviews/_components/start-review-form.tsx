"use client";

import Link from "@/components/ui/link";
import { startTransition, useActionState, useState, type FormEvent, type ReactNode } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { CheckboxField, SelectField } from "@/components/ui/form-controls";
import { Refusal } from "@/components/ui/refusal";
import { IDLE } from "@/lib/action-state";
import { UNANSWERED_RULES, type UnansweredRule } from "@/lib/policy/access-review";
import { startReviewAction } from "../actions";

type Props = {
  environments: { id: number; name: string }[];
  admins: { id: number; name: string; upn: string; role: string }[];
  defaultDueDate: string;
};

function Choice({ legend, error, children }: { legend: string; error?: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-card bg-surface p-4 shadow-card">
      <legend className="px-1 font-semibold">{legend}</legend>
      {children}
      {error && <p className="mt-1 text-sm text-danger">{error}</p>}
    </fieldset>
  );
}

function Radio(props: { name: string; value: string; label: string; checked: boolean; onChange: () => void }) {
  return (
    <label className="flex items-center gap-2 py-1">
      <input type="radio" {...props} className="h-4 w-4 accent-[var(--brand)]" />
      {props.label}
    </label>
  );
}

/** What to review, who reviews, by when, what happens to unanswered holders, and how often. */
export function StartReviewForm({ environments, admins, defaultDueDate }: Props) {
  const [state, dispatch, isPending] = useActionState(startReviewAction, IDLE);
  const [scope, setScope] = useState<"all" | "environments">("environments");
  const [reviewerMode, setReviewerMode] = useState<"tenant_admins" | "named">("tenant_admins");
  const [unanswered, setUnanswered] = useState<UnansweredRule>("flag");
  // Submitting by hand keeps every choice after a refusal (a form action would reset the form).
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  const errors = state.fieldErrors ?? {};
  return (
    <form onSubmit={onSubmit} className="max-w-2xl space-y-4" noValidate>
      {state.status === "refused" && (
        <Refusal title="Review not started" code={state.code} reason={state.reason} message={state.message} />
      )}
      <Field
        label="Name"
        name="name"
        required
        maxLength={120}
        error={errors.name}
        placeholder="Delegated approvers Q1"
      />
      <Choice legend="Environments" error={errors.environmentIds}>
        <Radio
          name="scope"
          value="environments"
          label="Chosen environments"
          checked={scope === "environments"}
          onChange={() => setScope("environments")}
        />
        {scope === "environments" && (
          <div className="ml-6">
            {environments.map((env) => (
              <CheckboxField key={env.id} name="environmentIds" value={env.id} label={env.name} />
            ))}
          </div>
        )}
        <Radio
          name="scope"
          value="all"
          label="All environments (each review of a series takes those that exist then)"
          checked={scope === "all"}
          onChange={() => setScope("all")}
        />
      </Choice>
      <Choice legend="Reviewers" error={errors.reviewerIds}>
        <Radio
          name="reviewerMode"
          value="tenant_admins"
          label="Every Global and Exchange Administrator"
          checked={reviewerMode === "tenant_admins"}
          onChange={() => setReviewerMode("tenant_admins")}
        />
        <Radio
          name="reviewerMode"
          value="named"
          label="Named people"
          checked={reviewerMode === "named"}
          onChange={() => setReviewerMode("named")}
        />
        {reviewerMode === "named" && (
          <div className="ml-6">
            {admins.map((admin) => (
              <CheckboxField
                key={admin.id}
                name="reviewerIds"
                value={admin.id}
                label={`${admin.name} (${admin.upn})`}
                note={admin.role}
              />
            ))}
          </div>
        )}
      </Choice>
      <Field
        label="Due date"
        name="dueDate"
        type="date"
        required
        defaultValue={defaultDueDate}
        error={errors.dueDate}
        hint="The review applies itself at the end of this day (UTC), unless you apply it earlier."
      />
      <Choice legend="When a holder is not answered" error={errors.unanswered}>
        {(Object.entries(UNANSWERED_RULES) as [UnansweredRule, string][]).map(([value, label]) => (
          <Radio
            key={value}
            name="unanswered"
            value={value}
            label={label}
            checked={unanswered === value}
            onChange={() => setUnanswered(value)}
          />
        ))}
      </Choice>
      <SelectField label="Repeat" name="recurrenceDays" defaultValue="" error={errors.recurrenceDays}>
        <option value="">Does not repeat</option>
        <option value="30">Every 30 days</option>
        <option value="90">Every 90 days</option>
        <option value="180">Every 180 days</option>
      </SelectField>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={isPending}>
          {isPending ? "Starting…" : "Start review"}
        </Button>
        <Link href="/tenant/access-reviews" className={buttonClass()}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
