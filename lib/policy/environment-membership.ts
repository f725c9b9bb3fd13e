import { activeMembership, hasTenantRole, holdsRole, type Actor } from "./actor";
import { allow, deny, type Decision } from "./decision";

/** Adding a directory user to an environment: its System Administrators, or tenant admins who run environments. */
export function decideAddUserToEnvironment(actor: Actor, environmentId: number, now: Date): Decision {
  const held =
    hasTenantRole(actor, "global_admin", "power_platform_admin", "dynamics365_admin") ||
    holdsRole(activeMembership(actor, environmentId), "system_administrator", now);
  const condition = {
    id: "env-admin",
    label: "You are a System Administrator here, or a Global, Power Platform or Dynamics 365 Administrator",
    held,
  };
  return held
    ? allow("You can add users to this environment.", [condition])
    : deny(
        "0x80040220",
        "NOT_SYSTEM_ADMIN",
        "Only a System Administrator of this environment (or a Global, Power Platform or Dynamics 365 Administrator) can add users.",
        [condition],
      );
}
