import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/lib/format";

type Role = { roleId: number; name: string; key: string | null; endsAt: Date | null; isExpired: boolean };

/**
 * A user's roles as pills; the Delegated Mailbox Approver stands out, with its end date or
 * "Expired". The end date is a day in the viewer's `zone`: day-only text comes out the same from
 * the server's and the browser's Intl (zone names may not, so those are written on the server).
 */
export function RoleBadges({ roles, zone }: { roles: Role[]; zone: string }) {
  if (roles.length === 0) return <span className="text-muted">No roles</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {roles.map((role) => {
        if (role.key !== "delegated_mailbox_approver") return <Badge key={role.roleId}>{role.name}</Badge>;
        const { isExpired } = role;
        const suffix = isExpired ? " · Expired" : role.endsAt ? ` · until ${formatDate(role.endsAt, zone)}` : "";
        return (
          <Badge key={role.roleId} tone={isExpired ? "danger" : "info"}>
            {role.name}
            {suffix}
          </Badge>
        );
      })}
    </span>
  );
}
