"use server";

import { z } from "zod";
import { idField } from "@/lib/form-schemas";
import { formAction, type Revalidation } from "@/lib/service-action";
import { markNotificationsRead } from "@/lib/services/notifications";

// The header's bell is on every page: its layout is refreshed with the list.
const everyPage = (): Revalidation[] => [{ layout: "/" }];

export const markNotificationReadAction = formAction(
  z.object({ id: idField }),
  ({ id }, { db, actor, now }) => markNotificationsRead(db, actor, { id }, now),
  { revalidate: everyPage },
);

export const markAllNotificationsReadAction = formAction(
  z.object({ upToId: idField }),
  ({ upToId }, { db, actor, now }) => markNotificationsRead(db, actor, { upToId }, now),
  { revalidate: everyPage },
);
