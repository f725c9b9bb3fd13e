"use client";

import { useActionState } from "react";
import { buttonClass } from "@/components/ui/button";
import { IDLE } from "@/lib/action-state";
import { markAllNotificationsReadAction, markNotificationReadAction } from "../actions";

/** "Mark read" on one notification. */
export function MarkReadButton({ id, title }: { id: number; title: string }) {
  const [, dispatch, isPending] = useActionState(markNotificationReadAction, IDLE);
  return (
    <form action={dispatch}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={isPending} aria-label={`Mark read: ${title}`} className={buttonClass("subtle")}>
        Mark read
      </button>
    </form>
  );
}

/** "Mark all read": up to the newest one the page showed, so one that arrived since stays unread. */
export function MarkAllReadButton({ upToId }: { upToId: number }) {
  const [, dispatch, isPending] = useActionState(markAllNotificationsReadAction, IDLE);
  return (
    <form action={dispatch}>
      <input type="hidden" name="upToId" value={upToId} />
      <button type="submit" disabled={isPending} className={buttonClass("secondary")}>
        Mark all read
      </button>
    </form>
  );
}
