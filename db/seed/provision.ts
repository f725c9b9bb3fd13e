import { single } from "@/db/query";
import type { Tx } from "@/db/client";
import { emailSettings, environments, rolePrivileges, securityRoles, serverProfiles } from "@/db/schema";
import { SYSTEM_ROLES, type Depth, type SystemRoleKey } from "@/lib/policy/catalog";

/**
 * Creates an environment as the platform would: the system roles with their privileges, the
 * default Exchange Online server profile and email settings at DOMAIN §7's defaults.
 */
export async function provisionEnvironment(
  tx: Tx,
  input: { tenantId: number; name: string; slug: string; type: "Production" | "Sandbox"; now: Date },
): Promise<{ environmentId: number; roleIds: Record<SystemRoleKey, number>; serverProfileId: number }> {
  const env = await single(
    tx
      .insert(environments)
      .values({ tenantId: input.tenantId, name: input.name, slug: input.slug, type: input.type, createdAt: input.now })
      .returning({ id: environments.id }),
  );

  const roleIds = {} as Record<SystemRoleKey, number>;
  for (const template of SYSTEM_ROLES) {
    const role = await single(
      tx
        .insert(securityRoles)
        .values({
          environmentId: env.id,
          key: template.key,
          name: template.name,
          isCustom: false,
          isAssignable: template.isAssignable,
          description: template.description,
          createdAt: input.now,
        })
        .returning({ id: securityRoles.id }),
    );
    roleIds[template.key] = role.id;
    const privileges = Object.entries(template.privileges) as [string, Depth][];
    if (privileges.length) {
      await tx
        .insert(rolePrivileges)
        .values(privileges.map(([privilege, depth]) => ({ roleId: role.id, privilege, depth })));
    }
  }

  const profile = await single(
    tx
      .insert(serverProfiles)
      .values({
        environmentId: env.id,
        name: "Microsoft Exchange Online",
        authType: "s2s_same_tenant",
        isDefault: true,
        createdAt: input.now,
      })
      .returning({ id: serverProfiles.id }),
  );
  await tx.insert(emailSettings).values({ environmentId: env.id, defaultServerProfileId: profile.id });

  return { environmentId: env.id, roleIds, serverProfileId: profile.id };
}
