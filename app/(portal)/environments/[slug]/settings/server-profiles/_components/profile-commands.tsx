"use client";

import { useState, useTransition } from "react";
import { CommandButton } from "@/components/ui/command-button";
import { Dialog } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import { IDLE, type ActionState } from "@/lib/action-state";
import { setDefaultProfileAction, setProfileActiveAction, startProfileJobAction } from "../actions";

type Profile = { id: number; name: string; isDefault: boolean; isActive: boolean; mailboxCount: number };

/** A profile's commands: Set as default, Activate / Deactivate, and Test & Enable Mailboxes (a background job). */
export function ProfileCommands({
  slug,
  environmentId,
  profile,
  refusal,
}: {
  slug: string;
  environmentId: number;
  profile: Profile;
  refusal: string | null;
}) {
  const [state, setState] = useState<ActionState>(IDLE);
  const [isConfirming, setIsConfirming] = useState(false);
  const [isPending, startTransition] = useTransition();
  const input = { slug, environmentId, id: profile.id };
  // A redirect (to the job page) ends the call without a state.
  const run = (action: () => Promise<ActionState>) => startTransition(async () => setState((await action()) ?? IDLE));
  const why = (own: string | null) => refusal ?? own;

  return (
    <div role="group" aria-label={`Commands for ${profile.name}`} className="space-y-1">
      <div className="flex flex-wrap gap-1">
        <CommandButton
          label="Set as default"
          disabledReason={why(
            profile.isDefault
              ? "This profile is already the default."
              : !profile.isActive
                ? "Activate this profile before making it the default."
                : null,
          )}
          onClick={() => run(() => setDefaultProfileAction(input))}
        />
        <CommandButton
          label={profile.isActive ? "Deactivate" : "Activate"}
          disabledReason={why(
            profile.isDefault && profile.isActive
              ? "The default profile stays active. Set another profile as default first."
              : null,
          )}
          onClick={() => run(() => setProfileActiveAction({ ...input, isActive: !profile.isActive }))}
        />
        <CommandButton
          label="Test & Enable Mailboxes"
          disabledReason={why(profile.mailboxCount === 0 ? "No mailbox uses this profile." : null)}
          onClick={() => setIsConfirming(true)}
        />
      </div>
      {isPending && (
        <p className="text-xs text-muted" role="status">
          Working…
        </p>
      )}
      {state.status === "refused" && (
        <Refusal title="Not done" code={state.code} reason={state.reason} message={state.message} />
      )}
      {state.status === "done" && (
        <Notice tone="success" title="Done">
          {state.message}
        </Notice>
      )}
      {isConfirming && (
        <Dialog title="Test & Enable Mailboxes" isOpen onClose={() => setIsConfirming(false)}>
          <div className="space-y-3">
            <p>
              Test and enable all {profile.mailboxCount} mailboxes of {profile.name}? It runs in the background; you can
              follow its progress, leave and come back.
            </p>
            <div className="flex gap-2">
              <button
                type="button"
                disabled={isPending}
                onClick={() => run(() => startProfileJobAction(input))}
                className="rounded-control bg-brand px-4 py-1.5 font-semibold text-brand-fg disabled:opacity-50"
              >
                {isPending ? "Starting…" : "Start"}
              </button>
              <button
                type="button"
                onClick={() => setIsConfirming(false)}
                className="rounded-control border border-line px-4 py-1.5 font-semibold"
              >
                Cancel
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </div>
  );
}
