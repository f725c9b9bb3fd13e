"use client";

import { useState, useTransition } from "react";
import { announce } from "@/components/ui/announce";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ConfirmActions } from "@/components/ui/dialog-actions";
import { Notice } from "@/components/ui/notice";
import type { CommandOutcome } from "@/lib/services/mailboxes/test-and-enable";
import { runMailboxCommandAction, type MailboxCommand } from "../command-actions";
import { selectedCount, type Selection } from "./approval-dialog";
import { CommandResults, commandSummary } from "./command-results";
import type { RunSummary } from "./run-summary-notice";
import { MethodFields, type MethodChoice } from "./method-fields";

export const COMMAND_TITLES: Record<MailboxCommand, string> = {
  "test-and-enable": "Test & Enable Mailbox",
  "apply-defaults": "Apply Default Email Settings",
  edit: "Edit",
  activate: "Activate",
  deactivate: "Deactivate",
};

function Question({ command, selection }: { command: MailboxCommand; selection: Selection }) {
  const plural = () => selectedCount(selection);
  switch (command) {
    case "test-and-enable":
      return (
        <p>
          Test and enable {plural()}? Each is checked in order (active, server profile, approval, Exchange address,
          license, owner); your own mailbox is approved on the way when self-approval allows it.
        </p>
      );
    case "apply-defaults":
      return (
        <p>
          Set this environment&apos;s default server profile and sync methods on {plural()}, then test and enable them?
        </p>
      );
    case "edit":
      return (
        <p>
          Set the sync methods of {plural()}. Changed mailboxes go back to Not Run until Test &amp; Enable runs again.
        </p>
      );
    case "activate":
      return <p>Activate {plural()}?</p>;
    case "deactivate":
      return (
        <>
          <p>Deactivate {plural()}?</p>
          <Notice tone="warning" title="Sync stops">
            An inactive mailbox syncs nothing until it is activated again.
          </Notice>
        </>
      );
  }
}

/** Confirmation, then the per-row results, for the mailbox commands other than Approve and Reject. */
export function CommandDialog({
  command,
  selection,
  onClose,
}: {
  command: MailboxCommand;
  selection: Selection;
  onClose: (didRun: boolean, summary?: RunSummary | null) => void;
}) {
  const title = COMMAND_TITLES[command];
  const [methods, setMethods] = useState<MethodChoice>({});
  const [results, setResults] = useState<CommandOutcome[] | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [isRunning, startRun] = useTransition();
  const hasNothingToEdit = command === "edit" && Object.values(methods).every((v) => v === undefined);
  const run = () =>
    startRun(async () => {
      const outcome = await runMailboxCommandAction({
        ...selection,
        command,
        methods: command === "edit" ? methods : undefined,
      });
      if (Array.isArray(outcome)) {
        setResults(outcome);
        announce(commandSummary(outcome, command === "test-and-enable" || command === "apply-defaults"));
      } else {
        setRefusal(outcome.message);
        announce(outcome.message, { assertive: true });
      }
    });

  // The results' summary stays on the page after the dialog closes.
  const isTest = command === "test-and-enable" || command === "apply-defaults";
  const close = (didRun: boolean) => onClose(didRun, results ? { title, text: commandSummary(results, isTest) } : null);

  return (
    <Dialog title={title} isOpen onClose={() => close(results !== null)}>
      {!results ? (
        <div className="space-y-3">
          <Question command={command} selection={selection} />
          {command === "edit" && <MethodFields value={methods} onChange={setMethods} />}
          {refusal && (
            <p className="text-danger" data-testid="dialog-refusal">
              {refusal}
            </p>
          )}
          <ConfirmActions
            onConfirm={run}
            onCancel={() => onClose(false)}
            isWorking={isRunning}
            isDisabled={hasNothingToEdit}
          />
        </div>
      ) : (
        <div className="space-y-3">
          <CommandResults slug={selection.slug} results={results} isTest={isTest} />
          <Button onClick={() => close(true)}>Close</Button>
        </div>
      )}
    </Dialog>
  );
}
