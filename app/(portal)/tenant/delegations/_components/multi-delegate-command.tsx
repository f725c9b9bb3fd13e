"use client";

import { useCallback, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Combobox, type ComboResult } from "@/components/ui/combobox";
import { EndDateField } from "../../../_components/delegation/end-date-field";
import { CheckboxField, TextAreaField } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import { SidePanel } from "@/components/ui/side-panel";
import type { DelegateResult, EnvironmentOutcome, PrecheckResult } from "@/lib/services/delegation/multi";
import { addToEnvironmentAction, delegateManyAction, precheckManyAction, searchDirectoryAction } from "../actions";

type Refused = Extract<PrecheckResult, { ok: false }>;

/**
 * Delegate in several environments at once: one person, one justification and end date; Check
 * shows what will happen in each environment (with "Add to …" where the person is missing and the
 * admin may add them), Delegate then reports each environment's result.
 */
export function MultiDelegateCommand({
  environments,
  refusal,
  maxDays,
  searchMinLength,
}: {
  environments: { id: number; name: string }[];
  refusal: string | null;
  maxDays: number | null;
  searchMinLength: number;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [userId, setUserId] = useState<number | null>(null);
  const [chosenEnvs, setChosenEnvs] = useState<number[]>([]);
  const [justification, setJustification] = useState("");
  const [endsAt, setEndsAt] = useState("");
  const [check, setCheck] = useState<EnvironmentOutcome[] | null>(null);
  const [done, setDone] = useState<Extract<DelegateResult, { ok: true }> | null>(null);
  const [problem, setProblem] = useState<Refused | null>(null);
  const [isPending, startTransition] = useTransition();
  const search = useCallback(async (q: string): Promise<ComboResult> => {
    const result = await searchDirectoryAction({ q });
    if (!result.ok) return { options: [], hasMore: false, refusal: result.message };
    return {
      options: result.users.map((u) => ({ id: u.id, label: u.name, detail: u.upn })),
      hasMore: result.hasMore,
      refusal: null,
    };
  }, []);
  const input = () => ({
    directoryUserId: userId ?? 0,
    environmentIds: chosenEnvs,
    justification,
    endsAt: endsAt || undefined,
  });
  const changed = () => {
    setCheck(null);
    setDone(null);
  };
  const runCheck = () =>
    startTransition(async () => {
      const result = await precheckManyAction(input());
      setProblem(result.ok ? null : result);
      setCheck(result.ok ? result.outcomes : null);
    });
  const runDelegate = () =>
    startTransition(async () => {
      const result = await delegateManyAction(input());
      setProblem(result.ok ? null : result);
      setDone(result.ok ? result : null);
      if (result.ok) setCheck(null);
    });
  const addTo = (environmentId: number) =>
    startTransition(async () => {
      const added = await addToEnvironmentAction({ directoryUserId: userId ?? 0, environmentId });
      if (added.status !== "done") {
        setProblem({ ok: false, code: added.code ?? null, reason: added.reason ?? null, message: added.message ?? "" });
        return;
      }
      const result = await precheckManyAction(input());
      setCheck(result.ok ? result.outcomes : null);
    });
  const fieldError = (field: string) => (problem?.field === field ? problem.message : undefined);

  return (
    <>
      <Button disabled={refusal !== null} title={refusal ?? undefined} onClick={() => setIsOpen(true)}>
        Delegate in several environments
      </Button>
      <SidePanel title="Delegate in several environments" isOpen={isOpen} onClose={() => setIsOpen(false)}>
        <div className="space-y-3">
          {problem && !problem.field && (
            <Refusal title="Not delegated" code={problem.code} reason={problem.reason} message={problem.message} />
          )}
          <Combobox
            label="User"
            name="directoryUserId"
            minLength={searchMinLength}
            search={search}
            onChoose={(option) => {
              setUserId(option?.id ?? null);
              changed();
            }}
            error={fieldError("directoryUserId")}
            hint="Search the directory by the start of a name or user principal name."
          />
          <fieldset>
            <legend className="mb-1 text-sm font-semibold">Environments</legend>
            {environments.map((env) => (
              <CheckboxField
                key={env.id}
                label={env.name}
                checked={chosenEnvs.includes(env.id)}
                onChange={(e) => {
                  setChosenEnvs(e.target.checked ? [...chosenEnvs, env.id] : chosenEnvs.filter((id) => id !== env.id));
                  changed();
                }}
              />
            ))}
            {fieldError("environmentIds") && <p className="text-sm text-danger">{fieldError("environmentIds")}</p>}
          </fieldset>
          <TextAreaField
            label="Justification"
            value={justification}
            onChange={(e) => setJustification(e.target.value)}
            error={fieldError("justification")}
            hint="One justification for every environment; each assignment is audited on its own."
          />
          <EndDateField
            isRequired={maxDays !== null}
            onValueChange={setEndsAt}
            error={fieldError("endsAt")}
            hint={maxDays === null ? "Leave empty for no end date." : `At most ${maxDays} days from now.`}
          />
          <div className="flex gap-2">
            <Button onClick={runCheck} disabled={isPending}>
              Check
            </Button>
            <Button
              variant="primary"
              onClick={runDelegate}
              disabled={isPending || !check || check.every((o) => o.outcome === "refused")}
            >
              Delegate
            </Button>
          </div>
          {check && (
            <ul aria-label="Pre-check" className="space-y-2 text-sm">
              {check.map((o) => (
                <li key={o.environmentId} className="rounded-control border border-line p-2">
                  <strong>{o.environmentName}</strong>: {o.message}
                  {o.canAddUser && (
                    <Button className="mt-1" onClick={() => addTo(o.environmentId)} disabled={isPending}>
                      Add to {o.environmentName}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {done && (
            <>
              <Notice tone="success" title="Delegation results">
                {done.message}
              </Notice>
              <ul aria-label="Results" className="space-y-2 text-sm">
                {done.results.map((r) => (
                  <li key={r.environmentId} className="rounded-control border border-line p-2">
                    <strong>{r.environmentName}</strong>: {r.isDone ? r.message : `Not delegated. ${r.message}`}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </SidePanel>
    </>
  );
}
