"use client";

import { useState, useTransition } from "react";
import { announce } from "@/components/ui/announce";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/form-controls";
import { Refusal } from "@/components/ui/refusal";
import { outcomeRow, ResultsTable } from "@/components/ui/results-table";
import { SidePanel } from "@/components/ui/side-panel";
import type { RoleRowOutcome } from "@/lib/services/delegation/role-assignments";
import type { UserRow } from "@/lib/services/directory/environment-users";
import { assignRoleAction } from "../actions";
import type { RoleOption } from "./manage-roles-panel";

const RESULT: Record<RoleRowOutcome["outcome"], string> = {
  changed: "Assigned",
  unchanged: "Unchanged",
  refused: "Refused",
};

/**
 * Assign role over the ticked users: one role for all of them, then a result per user. Delegated
 * Mailbox Approver is not offered (it needs a justification per person, on its own page); a role
 * the signed-in admin may not hand out is listed with the reason, and the server decides each user.
 */
export function AssignRolePanel({
  users,
  environmentId,
  slug,
  roleOptions,
  onClose,
}: {
  users: UserRow[];
  environmentId: number;
  slug: string;
  roleOptions: RoleOption[];
  onClose: () => void;
}) {
  const choices = roleOptions.filter((r) => !r.isDma);
  const [roleId, setRoleId] = useState<number | null>(null);
  const [rows, setRows] = useState<RoleRowOutcome[] | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ code: string | null; reason: string | null; message: string } | null>(null);
  const [isPending, start] = useTransition();

  const assign = () =>
    start(async () => {
      if (roleId === null) return setProblem({ code: null, reason: null, message: "Choose a role." });
      const result = await assignRoleAction({
        slug,
        environmentId,
        roleId,
        users: users.map((u) => ({ id: u.id, version: u.version })),
      });
      if (!result.ok) {
        setProblem(result);
        announce(result.message, { assertive: true });
        return;
      }
      setProblem(null);
      setRows(result.rows);
      setSummary(result.message);
      announce(result.message);
    });

  return (
    <SidePanel title={`Assign role: ${users.length} user${users.length === 1 ? "" : "s"}`} isOpen onClose={onClose}>
      {!rows ? (
        <div className="space-y-3">
          <p className="text-sm">{users.map((u) => u.fullName).join(", ")}</p>
          {problem && (
            <Refusal title="Role not assigned" code={problem.code} reason={problem.reason} message={problem.message} />
          )}
          <SelectField
            label="Role"
            value={roleId ?? ""}
            onChange={(e) => setRoleId(e.target.value ? Number(e.target.value) : null)}
            hint="Delegated Mailbox Approver is delegated on its own page, with a justification per person."
          >
            <option value="">Choose a role…</option>
            {choices.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
                {r.refusal ? ` (you may not assign it: ${r.refusal.message})` : ""}
              </option>
            ))}
          </SelectField>
          <div className="flex gap-2 pt-2">
            <Button variant="primary" disabled={isPending} onClick={assign}>
              {isPending ? "Assigning…" : "Assign"}
            </Button>
            <Button onClick={onClose}>Cancel</Button>
          </div>
        </div>
      ) : (
        <div className="space-y-3">
          <p data-testid="assign-summary">{summary}</p>
          <ResultsTable
            label="Assign role results"
            subject="User"
            detail="Reason"
            rows={rows.map((r) => outcomeRow(r, RESULT, `${r.message}${r.code ? ` (${r.code})` : ""}`))}
          />
          <Button onClick={onClose}>Done</Button>
        </div>
      )}
    </SidePanel>
  );
}
