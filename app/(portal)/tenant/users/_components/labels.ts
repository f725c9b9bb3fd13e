import type { Tone } from "@/components/ui/badge";
import { TENANT_ROLES, type TenantRole } from "@/lib/policy/catalog";
import type { ExchangeFacts } from "@/lib/services/directory/users";

/** The grid's one-word summary of what Exchange knows about the user's address. */
export function exchangeLabel(exchange: ExchangeFacts): { text: string; tone: Tone } {
  if (exchange.kind === "shared") return { text: "Shared", tone: "info" };
  if (exchange.kind === "none") return { text: "None", tone: "neutral" };
  return exchange.isLicensed ? { text: "Licensed", tone: "success" } : { text: "Not licensed", tone: "warning" };
}

export const roleNames = (roles: readonly TenantRole[]) => roles.map((r) => TENANT_ROLES[r].name).join(", ");

export const breakGlassLabel = (isBreakGlass: boolean) => (isBreakGlass ? "Clear break-glass" : "Mark as break-glass");
