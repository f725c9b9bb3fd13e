"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import { IDLE } from "@/lib/action-state";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { signInAction } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, isPending] = useActionState(signInAction, IDLE);
  // Submitting by hand keeps what was typed after a refusal (a form action would reset the form).
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  };
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate>
      {state.status === "refused" && (
        <Notice tone="danger" title="Sign-in refused" live>
          {state.message}
        </Notice>
      )}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        error={state.fieldErrors?.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.password}
      />
      <button
        type="submit"
        disabled={isPending}
        className="w-full rounded-control bg-brand px-3 py-2 font-semibold text-brand-fg hover:bg-brand-hover disabled:opacity-60"
      >
        {isPending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
