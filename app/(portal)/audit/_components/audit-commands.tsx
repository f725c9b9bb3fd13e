"use client";

import Link from "next/link";
import { useActionState } from "react";
import { buttonClass } from "@/components/ui/button";
import { CommandBar } from "@/components/ui/command-bar";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import { verifyAuditChainAction } from "../actions";
import { VERIFY_IDLE } from "./verify-state";

/**
 * Export links for the current filter, and Verify integrity with its verdict. The exports are
 * plain links, not <Link>: prefetching them would start a download's worth of work.
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
        {isPending && <span className="text-sm text-muted">Walking the hash chain…</span>}
      </CommandBar>
      {state.status === "refused" && <Refusal title="Not verified" code={state.code} reason={state.reason} message={state.message} />}
      {state.status === "done" && (
        <div className="mb-3">
          {state.verdict.intact ? (
            <Notice tone="success" title={state.message}>
              Every event&apos;s hash matches its contents and links to the event before it.
            </Notice>
          ) : (
            <Notice tone="danger" title="Integrity check failed" live>
              <p>{state.message}.</p>
              <Link href={`/audit?event=${state.verdict.firstBadSeq}`} className="font-semibold text-brand hover:underline" prefetch={false}>
                Open event {state.verdict.firstBadSeq}
              </Link>
            </Notice>
          )}
        </div>
      )}
    </>
  );
}
