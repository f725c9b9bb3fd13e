import "server-only";
import type { NotificationKind } from "@/lib/policy/notifications";
import type { MessageContent } from "./templates";

/** One message to one person. `dedupeKey` names the occasion: the same key never reaches a recipient twice. */
export type NotificationInput = MessageContent & {
  recipientId: number;
  kind: NotificationKind;
  subject: { type: string; id: string | number };
  dedupeKey: string;
};
