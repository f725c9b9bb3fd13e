import type { TargetPlace } from "@/lib/services/audit/target-links";

/** The page of an event's target, as the audit log links to it. */
export function targetHref(place: TargetPlace): string {
  if (place.kind === "directoryUser") return `/tenant/users/${place.id}`;
  const section = { mailbox: "mailboxes", environmentUser: "users", team: "teams", securityRole: "roles" }[place.kind];
  return `/environments/${place.environmentSlug}/${section}/${place.id}`;
}
