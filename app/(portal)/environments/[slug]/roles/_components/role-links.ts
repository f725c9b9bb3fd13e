import type { SystemRoleKey } from "@/lib/policy/catalog";
import { environmentHref } from "../../../../_components/environment-pages";

/** The Delegated Mailbox Approver has its own page, where delegations are managed. */
export function roleHref(slug: string, role: { id: number; key: SystemRoleKey | null }): string {
  return environmentHref(
    slug,
    role.key === "delegated_mailbox_approver" ? "roles/delegated-mailbox-approver" : `roles/${role.id}`,
  );
}
