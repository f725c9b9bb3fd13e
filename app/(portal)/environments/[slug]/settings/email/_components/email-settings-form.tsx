"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Card } from "@/components/ui/card";
import { CheckboxField, SelectField } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import { IDLE, type ActionState } from "@/lib/action-state";
import {
  ACT_METHOD,
  ActMethod,
  INCOMING_METHOD,
  IncomingMethod,
  OUTGOING_METHOD,
  OutgoingMethod,
} from "@/lib/policy/catalog";
import type { EmailSettingKey } from "@/lib/policy/email-settings";
import { DIGEST_INTERVALS, digestIntervalLabel } from "@/lib/policy/notifications";
import type { EmailSettingsValues } from "@/lib/policy/email-settings";
import { saveEmailSettingsAction, type SaveEmailSettingsInput } from "../actions";
import { ApprovalOffDialog } from "./approval-off-dialog";
import { SettingNote } from "./setting-note";

type RefusalInfo = { code: string | null; reason: string | null; message: string };
export type SettingRefusals = Record<EmailSettingKey, RefusalInfo | null>;
type Props = {
  slug: string;
  environmentId: number;
  version: number;
  initial: EmailSettingsValues;
  refusals: SettingRefusals;
  profiles: { id: number; name: string }[];
};

const TOGGLES: {
  key:
    | "processApprovedUsersOnly"
    | "processApprovedQueuesOnly"
    | "requirePrivilegeToSelfApprove"
    | "notifyMailboxOwner";
  label: string;
}[] = [
  { key: "processApprovedUsersOnly", label: "Process emails only for approved users" },
  { key: "processApprovedQueuesOnly", label: "Process emails only for approved queues" },
  {
    key: "requirePrivilegeToSelfApprove",
    label: "Require the approve privilege to self-approve (RequirePrivilegeToSelfApproveEmailAddress)",
  },
  { key: "notifyMailboxOwner", label: "Notify mailbox owner of alerts" },
];
const METHODS = [
  {
    key: "defaultIncomingMethod",
    label: "Default incoming email",
    options: INCOMING_METHOD,
    values: Object.values(IncomingMethod),
  },
  {
    key: "defaultOutgoingMethod",
    label: "Default outgoing email",
    options: OUTGOING_METHOD,
    values: Object.values(OutgoingMethod),
  },
  {
    key: "defaultActMethod",
    label: "Default appointments, contacts and tasks",
    options: ACT_METHOD,
    values: Object.values(ActMethod),
  },
] as const;

/** DOMAIN §7's settings, each with its default and who may change it; switching approval off asks first. */
export function EmailSettingsForm({ slug, environmentId, version, initial, refusals, profiles }: Props) {
  const [values, setValues] = useState(initial);
  const [state, setState] = useState<ActionState>(IDLE);
  const [isConfirming, setIsConfirming] = useState(false);
  const [isPending, startTransition] = useTransition();
  const set = <K extends keyof EmailSettingsValues>(key: K, value: EmailSettingsValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const turnsApprovalOff =
    (initial.processApprovedUsersOnly && !values.processApprovedUsersOnly) ||
    (initial.processApprovedQueuesOnly && !values.processApprovedQueuesOnly);

  const save = () => {
    setIsConfirming(false);
    startTransition(async () =>
      setState(await saveEmailSettingsAction({ slug, environmentId, version, values } as SaveEmailSettingsInput)),
    );
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (turnsApprovalOff) setIsConfirming(true);
    else save();
  };

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <Card title="Approval and notifications">
        <div className="space-y-3">
          {TOGGLES.map((t) => (
            <div key={t.key}>
              <CheckboxField
                label={t.label}
                checked={values[t.key]}
                disabled={refusals[t.key] !== null}
                onChange={(e) => set(t.key, e.target.checked)}
                note={<SettingNote settingKey={t.key} refusal={refusals[t.key]} />}
              />
            </div>
          ))}
          <SelectField
            label="Approvers' digest of new pending mailboxes"
            value={values.approvalDigestMinutes}
            disabled={refusals.approvalDigestMinutes !== null}
            onChange={(e) => set("approvalDigestMinutes", Number(e.target.value))}
            hint={
              <>
                At most one digest per interval; the first pending mailbox after a quiet interval is sent at once.{" "}
                <SettingNote settingKey="approvalDigestMinutes" refusal={refusals.approvalDigestMinutes} />
              </>
            }
          >
            {DIGEST_INTERVALS.map((minutes) => (
              <option key={minutes} value={minutes}>
                {digestIntervalLabel(minutes)}
              </option>
            ))}
          </SelectField>
        </div>
      </Card>
      <Card title="Defaults for new mailboxes">
        <div className="grid grid-cols-2 gap-4">
          <SelectField
            label="Default server profile"
            value={values.defaultServerProfileId ?? ""}
            disabled={refusals.defaultServerProfileId !== null}
            onChange={(e) => set("defaultServerProfileId", e.target.value ? Number(e.target.value) : null)}
            error={state.fieldErrors?.defaultServerProfileId}
            hint={<SettingNote settingKey="defaultServerProfileId" refusal={refusals.defaultServerProfileId} />}
          >
            <option value="">None</option>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
          {METHODS.map((m) => (
            <SelectField
              key={m.key}
              label={m.label}
              value={values[m.key]}
              disabled={refusals[m.key] !== null}
              onChange={(e) => {
                const value = m.values.find((v) => String(v) === e.target.value);
                if (value !== undefined) set(m.key, value);
              }}
              hint={<SettingNote settingKey={m.key} refusal={refusals[m.key]} />}
            >
              {Object.entries(m.options).map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </SelectField>
          ))}
        </div>
      </Card>
      {state.status === "refused" && (
        <Refusal title="Settings not saved" code={state.code} reason={state.reason} message={state.message} />
      )}
      {state.status === "invalid" && (
        <Notice tone="danger" title="Settings not saved">
          {state.message}
        </Notice>
      )}
      {state.status === "done" && (
        <Notice tone="success" title="Settings saved">
          {state.message}
        </Notice>
      )}
      <button
        type="submit"
        disabled={isPending}
        className="rounded-control bg-brand px-4 py-1.5 font-semibold text-brand-fg hover:bg-brand-hover disabled:opacity-60"
      >
        {isPending ? "Saving…" : "Save"}
      </button>
      {isConfirming && <ApprovalOffDialog values={values} onConfirm={save} onCancel={() => setIsConfirming(false)} />}
    </form>
  );
}
