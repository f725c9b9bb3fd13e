"use client";

import { useActionState, useCallback, useState } from "react";
import { Button } from "@/components/ui/button";
import { Combobox, type ComboOption, type ComboResult } from "@/components/ui/combobox";
import { CommandBar } from "@/components/ui/command-bar";
import { CheckboxField, TextAreaField } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import { SidePanel } from "@/components/ui/side-panel";
import { IDLE, type ActionState } from "@/lib/action-state";
import { formatDateTime } from "@/lib/format";
import type { Candidate } from "@/lib/services/delegation/candidates";
import { searchCandidatesAction } from "../../../../../_components/delegation/actions";
import { EndDateField } from "../../../../../_components/delegation/end-date-field";
import { useViewerTimeZone } from "@/components/viewer-time-zone";
import { delegateAction } from "../actions";

type Props = {
  environmentId: number;
  environmentName: string;
  slug: string;
  refusal: { code: string | null; reason: string | null; message: string } | null;
  /** Why the admin may not assign System Administrator here, or null when they may. */
  sysAdminRefusal: string | null;
  /** What System Administrator grants, said before anyone ticks it. */
  sysAdminGrants: string;
  maxDays: number | null;
  searchMinLength: number;
  /** Opened from the overview's Delegate: the panel shows at once (when the admin may delegate). */
  isInitiallyOpen?: boolean;
};

/** What the approval rule would still lack once the person is delegated, in a few words. */
const NEEDS: Record<string, string> = {
  NO_APPROVE_PRIVILEGE: "No System Administrator",
  NOT_SYSTEM_ADMIN: "No System Administrator",
  USER_DISABLED: "Disabled",
};

/** What marks a candidate in the picker: current holders are shown but not offered again. */
function toOption(c: Candidate, zone: string): ComboOption {
  const marks = [c.email];
  if (c.holding?.state === "active")
    marks.push(
      `Already a delegate${c.holding.endsAt ? ` until ${formatDateTime(c.holding.endsAt, zone)}` : ""}: use Extend`,
    );
  if (c.holding?.state === "expired") marks.push("Expired delegate: delegating renews it");
  if (c.cannotApproveReason) marks.push(NEEDS[c.cannotApproveReason] ?? "Could not approve yet");
  return { id: c.id, label: c.name, detail: marks.join(" · "), isDisabled: c.holding?.state === "active" };
}

/** The command bar's Delegate, and its panel: who, why, until when, and System Administrator if they lack it. */
export function DelegateCommand(props: Props) {
  const { environmentId, environmentName, slug, refusal, sysAdminRefusal, maxDays } = props;
  const [isOpen, setIsOpen] = useState(props.isInitiallyOpen === true && refusal === null);
  const [chosen, setChosen] = useState<(ComboOption & { cannotApproveReason: string | null }) | null>(null);
  const [alsoSysAdmin, setAlsoSysAdmin] = useState(false);
  const zone = useViewerTimeZone();
  const [state, formAction, isPending] = useActionState(async (previous: ActionState, formData: FormData) => {
    const next = await delegateAction(previous, formData);
    if (next.status === "done") setIsOpen(false);
    return next;
  }, IDLE);
  const [candidates, setCandidates] = useState(new Map<number, Candidate>());
  const search = useCallback(
    async (q: string): Promise<ComboResult> => {
      const result = await searchCandidatesAction({ environmentId, q });
      if (!result.ok) return { options: [], hasMore: false, refusal: result.message };
      setCandidates(new Map(result.candidates.map((c) => [c.id, c])));
      return { options: result.candidates.map((c) => toOption(c, zone)), hasMore: result.hasMore, refusal: null };
    },
    [environmentId, zone],
  );
  const open = () => {
    setChosen(null);
    setAlsoSysAdmin(false);
    setIsOpen(true);
  };

  return (
    <>
      <CommandBar label="Delegation commands">
        <Button variant="subtle" disabled={refusal !== null} title={refusal?.message} onClick={open}>
          Delegate
        </Button>
      </CommandBar>
      {refusal && (
        <div className="mb-3">
          <Notice tone="info" title="Why you cannot delegate">
            {refusal.message}{" "}
            <span className="font-mono text-xs">
              ({refusal.code} · {refusal.reason})
            </span>
          </Notice>
        </div>
      )}
      {state.status === "done" && !isOpen && (
        <div className="mb-3">
          <Notice tone="success" title="Delegated">
            {state.message}
          </Notice>
        </div>
      )}
      <SidePanel title="Delegate Delegated Mailbox Approver" isOpen={isOpen} onClose={() => setIsOpen(false)}>
        <form action={formAction} className="space-y-3">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="environmentId" value={environmentId} />
          {state.status === "refused" && (
            <Refusal title="Not delegated" code={state.code} reason={state.reason} message={state.message} />
          )}
          <Combobox
            label="User"
            name="environmentUserId"
            minLength={props.searchMinLength}
            search={search}
            onChoose={(option) => {
              setAlsoSysAdmin(false);
              setChosen(
                option
                  ? { ...option, cannotApproveReason: candidates.get(option.id)?.cannotApproveReason ?? null }
                  : null,
              );
            }}
            error={state.fieldErrors?.environmentUserId}
            hint="Search by the start of a name or email. Current delegates are marked: extend theirs instead."
          />
          {chosen?.cannotApproveReason && (
            <Notice tone="warning" title="Not a System Administrator">
              <p>
                {chosen.label} does not hold System Administrator in {environmentName}, so they cannot approve mailboxes
                until they get it.
              </p>
              {sysAdminRefusal ? (
                <p className="mt-1">You cannot assign System Administrator here: {sysAdminRefusal}</p>
              ) : (
                <CheckboxField
                  name="alsoSystemAdministrator"
                  label="Also assign System Administrator"
                  checked={alsoSysAdmin}
                  onChange={(e) => setAlsoSysAdmin(e.target.checked)}
                />
              )}
            </Notice>
          )}
          {chosen && alsoSysAdmin && (
            <Notice tone="danger" title="System Administrator grants everything here">
              {chosen.label} will become a System Administrator of {environmentName}: {props.sysAdminGrants} It is
              audited as its own role assignment.
            </Notice>
          )}
          <TextAreaField
            label="Justification"
            name="justification"
            required
            error={state.fieldErrors?.justification}
            hint="Why this person may approve mailboxes. Kept in the audit log."
          />
          <EndDateField
            name="endsAt"
            isRequired={maxDays !== null}
            error={state.fieldErrors?.endsAt}
            hint={
              maxDays === null
                ? "Leave empty for no end date. From this instant the role grants nothing."
                : `The tenant allows delegations of at most ${maxDays} days. From this instant the role grants nothing.`
            }
          />
          <Button type="submit" variant="primary" disabled={isPending}>
            {isPending ? "Delegating…" : "Delegate"}
          </Button>
        </form>
      </SidePanel>
    </>
  );
}
