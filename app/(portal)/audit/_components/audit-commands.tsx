"use client";

import { useActionState } from "react";
import { buttonClass } from "@/components/ui/button";
import { CommandBar } from "@/components/ui/command-bar";
import { Refusal } from "@/components/ui/refusal";
import { verifyAuditChainAction } from "../actions";
import { VERIFY_IDLE } from "./verify-state";
import { VerifyResult } from "./verify-result";

/**
 * Export links for the current filter, and Verify integrity with its verdict. The exports are
 * plain links, not <Link>: a download is a file for the browser to save, not a page to navigate to.
 */
export function AuditCommands({ csvHref, jsonHref }: { csvHref: string; jsonHref: string }) {
  const [state, verify, isPending] = useActionState(verifyAuditChainAction, VERIFY_IDLE);
  return (
    <>
      <CommandBar label="Audit log commands">
        <a href={csvHref} download className={buttonClass("subtle")}>
          Export CSV
        </a>
        <a href={jsonHref} download className={buttonClass("subtle")}>
          Export JSON
        </a>
        <form action={verify}>
          <button type="submit" disabled={isPending} className={buttonClass("subtle")}>
            Verify integrity
          </button>
        </form>
        {isPending && <span className="text-sm text-muted">Checking the hash chain and its checkpoints…</span>}
      </CommandBar>
      {state.status === "refused" && (
        <Refusal title="Not verified" code={state.code} reason={state.reason} message={state.message} />
      )}
      {state.status === "done" && (
        <VerifyResult verdict={state.verdict} message={state.message} trusted={state.trusted} />
      )}
    </>
  );
}
