import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/lib/format";

type Role = { roleId: number; name: string; key: string | null; endsAt: Date | null; isExpired: boolean };

/** A user's roles as pills; the Delegated Mailbox Approver stands out, with its end date or "Expired". */
export function RoleBadges({ roles }: { roles: Role[] }) {
  if (roles.length === 0) return <span className="text-muted">No roles</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {roles.map((role) => {
        if (role.key !== "delegated_mailbox_approver") return <Badge key={role.roleId}>{role.name}</Badge>;
        const { isExpired } = role;
        const suffix = isExpired ? " · Expired" : role.endsAt ? ` · until ${formatDate(role.endsAt)}` : "";
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
