"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { CheckboxField, SelectField } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import { API_SCOPES, SCOPE_DESCRIPTIONS } from "@/lib/policy/api-tokens";
import { createApiTokenAction } from "../actions";

type Answer = Awaited<ReturnType<typeof createApiTokenAction>> | null;

const EXPIRY_DAYS = [7, 30, 60, 90];

/** Name, scopes and expiry; on success the secret, once, with a way to copy it. */
export function NewTokenForm({ refusal }: { refusal: string | null }) {
  const [answer, formAction, isPending] = useActionState(
    async (_previous: Answer, form: FormData): Promise<Answer> =>
      createApiTokenAction({
        name: String(form.get("name") ?? ""),
        scopes: form.getAll("scopes").map(String) as (typeof API_SCOPES)[number][],
        expiresInDays: String(form.get("expiresInDays") ?? ""),
      }),
    null,
  );
  const fieldError = (field: string) =>
    answer && !answer.ok && "field" in answer && answer.field === field ? answer.message : undefined;

  return (
    <Card title="New token">
      {answer?.ok && (
        <div className="mb-4">
          <Notice tone="success" title="Token created">
            <p>{answer.message}</p>
            <label className="mt-2 block text-sm font-semibold" htmlFor="new-token-secret">
              Your new token
            </label>
            <div className="mt-1 flex gap-2">
              <input
                id="new-token-secret"
                readOnly
                value={answer.secret}
                className="w-full rounded-control border border-line bg-surface px-2 py-1 font-mono text-sm"
                onFocus={(e) => e.currentTarget.select()}
              />
              <Button onClick={() => void navigator.clipboard?.writeText(answer.secret)}>Copy</Button>
            </div>
            <p className="mt-1 text-xs">
              Send it as <code>Authorization: Bearer …</code>. Store it like a password; it is not shown again.
            </p>
          </Notice>
        </div>
      )}
      {answer && !answer.ok && !("field" in answer && answer.field) && (
        <div className="mb-3">
          <Refusal title="Not created" code={answer.code} reason={answer.reason} message={answer.message} />
        </div>
      )}
      <form action={formAction} className="space-y-3">
        <Field
          label="Name"
          name="name"
          required
          maxLength={100}
          error={fieldError("name")}
          hint="What the token is for, e.g. “Onboarding ticket sync”."
        />
        <fieldset>
          <legend className="mb-1 text-sm font-semibold">Scopes</legend>
          {API_SCOPES.map((scope) => (
            <CheckboxField key={scope} name="scopes" value={scope} label={scope} note={SCOPE_DESCRIPTIONS[scope]} />
          ))}
          {fieldError("scopes") && <p className="mt-1 text-sm text-danger">{fieldError("scopes")}</p>}
        </fieldset>
        <SelectField label="Expires in" name="expiresInDays" defaultValue="30" error={fieldError("expiresInDays")}>
          {EXPIRY_DAYS.map((days) => (
            <option key={days} value={days}>
              {days} days
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary" disabled={isPending || refusal !== null} title={refusal ?? undefined}>
          {isPending ? "Creating…" : "Create token"}
        </Button>
      </form>
    </Card>
  );
}
