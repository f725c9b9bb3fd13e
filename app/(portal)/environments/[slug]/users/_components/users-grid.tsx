"use client";

import Link from "@/components/ui/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { RoleBadges } from "@/components/role-badges";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CommandBar } from "@/components/ui/command-bar";
import { Pager } from "@/components/ui/pager";
import type { UserRow, UserSort } from "@/lib/services/directory/environment-users";
import { AddUserPanel, type AddUserOption } from "./add-user-panel";
import { AssignRolePanel } from "./assign-role-panel";
import { ManageRolesPanel, type RoleOption } from "./manage-roles-panel";
import { ScrollRegion } from "@/components/ui/scroll-region";

type Props = {
  environmentId: number;
  slug: string;
  rows: UserRow[];
  total: number;
  page: number;
  pageSize: number;
  sort: UserSort;
  dir: "asc" | "desc";
  roleOptions: RoleOption[];
  canManageDelegations: boolean;
  addUser: AddUserOption;
  /** The viewer's time zone, for the delegations' end dates. */
  zone: string;
};

const COLUMNS: { label: string; sort?: UserSort }[] = [
  { label: "Name", sort: "name" },
  { label: "Email", sort: "email" },
  { label: "Security roles" },
  { label: "Status", sort: "status" },
];

export function UsersGrid(props: Props) {
  const { rows, slug } = props;
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<number>>(new Set());
  const [panel, setPanel] = useState<"roles" | "assign" | "add" | null>(null);
  const pathname = usePathname();
  const search = useSearchParams();
  const ticked = rows.filter((r) => selectedIds.has(r.id));
  // Manage security roles edits one person's roles; Assign role adds one role to everyone ticked.
  const selected = ticked.length === 1 ? ticked[0]! : null;
  const toggle = (id: number, isOn: boolean) =>
    setSelectedIds((previous) => {
      const next = new Set(previous);
      if (isOn) next.add(id);
      else next.delete(id);
      return next;
    });

  const hrefWith = (changes: Record<string, string>) => {
    const next = new URLSearchParams(search.toString());
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    return `${pathname}?${next.toString()}`;
  };

  return (
    <>
      <CommandBar label="User commands">
        <Button
          variant="subtle"
          disabled={!selected}
          onClick={() => setPanel("roles")}
          title={selected ? undefined : "Select one user."}
        >
          Manage security roles
        </Button>
        <Button
          variant="subtle"
          disabled={ticked.length === 0}
          onClick={() => setPanel("assign")}
          title={ticked.length > 0 ? undefined : "Select one or more users first."}
        >
          Assign role
        </Button>
        <Button
          variant="subtle"
          disabled={"refusal" in props.addUser}
          title={"refusal" in props.addUser ? props.addUser.refusal : undefined}
          onClick={() => setPanel("add")}
        >
          Add user
        </Button>
        {"refusal" in props.addUser && <span className="text-xs text-muted">{props.addUser.refusal}</span>}
      </CommandBar>

      <ScrollRegion label="Users">
        <table className="w-full border-collapse text-left text-sm" aria-label="Users">
          <thead>
            <tr className="border-b border-line">
              <th scope="col" className="w-10 px-3 py-2">
                <span className="sr-only">Select</span>
              </th>
              {COLUMNS.map((c) => (
                <th
                  key={c.label}
                  scope="col"
                  className="px-3 py-2 font-semibold"
                  aria-sort={c.sort === props.sort ? (props.dir === "asc" ? "ascending" : "descending") : undefined}
                >
                  {c.sort ? (
                    <Link
                      href={hrefWith({
                        sort: c.sort,
                        dir: c.sort === props.sort && props.dir === "asc" ? "desc" : "asc",
                        page: "1",
                      })}
                      className="hover:underline"
                    >
                      {c.label}
                      {c.sort === props.sort ? (props.dir === "asc" ? " ↑" : " ↓") : ""}
                    </Link>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-muted">
                  No users match.
                </td>
              </tr>
            )}
            {rows.map((row) => (
              <tr
                key={row.id}
                className={`border-b border-line last:border-0 ${selectedIds.has(row.id) ? "bg-brand-subtle" : "hover:bg-surface-alt"}`}
              >
                <td className="px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.fullName}`}
                    checked={selectedIds.has(row.id)}
                    onChange={(e) => toggle(row.id, e.currentTarget.checked)}
                    className="h-4 w-4 accent-[var(--brand)]"
                  />
                </td>
                <td className="px-3 py-2">
                  <Link
                    href={`/environments/${slug}/users/${row.id}`}
                    className="font-semibold text-brand hover:underline"
                  >
                    {row.fullName}
                  </Link>
                </td>
                <td className="px-3 py-2">{row.email}</td>
                <td className="px-3 py-2">
                  <RoleBadges roles={row.roles} zone={props.zone} />
                </td>
                <td className="px-3 py-2">
                  <Badge tone={row.isEnabled ? "success" : "neutral"}>{row.isEnabled ? "Enabled" : "Disabled"}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <Pager
        label="Users pages"
        page={props.page}
        pageCount={Math.max(1, Math.ceil(props.total / props.pageSize))}
        total={props.total}
        noun="users"
        hrefFor={(p) => hrefWith({ page: String(p) })}
      />

      {panel === "assign" && ticked.length > 0 && (
        <AssignRolePanel
          users={ticked}
          environmentId={props.environmentId}
          slug={slug}
          roleOptions={props.roleOptions}
          onClose={() => setPanel(null)}
        />
      )}
      {selected && (
        <ManageRolesPanel
          key={`${selected.id}-${selected.version}`}
          isOpen={panel === "roles"}
          onClose={() => setPanel(null)}
          user={selected}
          environmentId={props.environmentId}
          slug={slug}
          roleOptions={props.roleOptions}
          canManageDelegations={props.canManageDelegations}
        />
      )}
      {!("refusal" in props.addUser) && (
        <AddUserPanel
          isOpen={panel === "add"}
          onClose={() => setPanel(null)}
          environmentId={props.environmentId}
          slug={slug}
          searchMinLength={props.addUser.searchMinLength}
        />
      )}
    </>
  );
}
