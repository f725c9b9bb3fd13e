import type { Metadata } from "next";
import { z } from "zod";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { decideAddUserToEnvironment } from "@/lib/policy/environment-membership";
import { canManageDelegations, decideRoleAssignment } from "@/lib/policy/role-assignment";
import {
  listEnvironmentUsers,
  USER_SORTS,
  USER_STATES,
  USERS_PAGE_SIZE,
} from "@/lib/services/directory/environment-users";
import { DIRECTORY_SEARCH_MIN_LENGTH } from "@/lib/services/directory/environment-user-additions";
import { loadEnvironmentRoles } from "@/lib/services/delegation/role-facts";
import { environmentHref } from "../../../_components/environment-pages";
import type { RoleOption } from "./_components/manage-roles-panel";
import { viewerTimeZone } from "@/lib/time/viewer-zone";
import { UsersGrid } from "./_components/users-grid";
import { UsersToolbar } from "./_components/users-toolbar";

export const metadata: Metadata = { title: "Users · Mailgate" };

const Query = z.object({
  q: z.string().trim().max(200).catch(""),
  role: z.coerce.number().int().positive().nullable().catch(null),
  state: z.enum(USER_STATES).nullable().catch(null),
  sort: z.enum(USER_SORTS).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).catch(1),
});

export default async function UsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string>>;
}) {
  const { actor, environment, now } = await requireEnvironmentPage((await params).slug, "users");
  const raw = await searchParams;
  const query = Query.parse({
    q: raw.q ?? "",
    role: raw.role ?? null,
    state: raw.state ?? null,
    sort: raw.sort,
    dir: raw.dir,
    page: raw.page,
  });
  const db = getDb();
  const { rows, total } = await listEnvironmentUsers(db, environment, { ...query, roleId: query.role }, now);
  const roles = await loadEnvironmentRoles(db, environment.id);

  const roleOptions: RoleOption[] = roles
    .filter((r) => r.isAssignable)
    .map((role) => {
      const decision = decideRoleAssignment(
        actor,
        { environmentId: environment.id, role, target: { kind: "user", isEnabled: true }, operation: "assign" },
        now,
      );
      return {
        id: role.id,
        name: role.name,
        isDma: role.key === "delegated_mailbox_approver",
        refusal: decision.allowed ? null : { code: decision.code, message: decision.message },
      };
    });
  const addUser = decideAddUserToEnvironment(actor, environment.id, now);

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: environmentHref(environment.slug) },
          { label: "Users" },
        ]}
        title="Users"
      />
      <UsersToolbar
        q={query.q}
        roleId={query.role}
        state={query.state}
        roles={roles.map(({ id, name }) => ({ id, name }))}
      />
      <UsersGrid
        environmentId={environment.id}
        slug={environment.slug}
        rows={rows}
        total={total}
        page={query.page}
        pageSize={USERS_PAGE_SIZE}
        sort={query.sort}
        dir={query.dir}
        roleOptions={roleOptions}
        canManageDelegations={canManageDelegations(actor)}
        zone={await viewerTimeZone()}
        addUser={addUser.allowed ? { searchMinLength: DIRECTORY_SEARCH_MIN_LENGTH } : { refusal: addUser.message }}
      />
    </>
  );
}
