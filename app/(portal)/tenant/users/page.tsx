import type { Metadata } from "next";
import Form from "next/form";
import Link from "@/components/ui/link";
import { z } from "zod";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { CommandBar } from "@/components/ui/command-bar";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { getActor } from "@/lib/auth/current-actor";
import { decideSetApiTokensOn } from "@/lib/policy/api-tokens";
import { decideCreateDirectoryUser } from "@/lib/policy/tenant-admin";
import { listDirectoryUsers, openTenantDirectory } from "@/lib/services/directory/users";
import { getTenantSettings } from "@/lib/services/settings/tenant-settings";
import { ApiTokensCommand } from "./_components/api-tokens-command";
import { exchangeLabel, roleNames } from "./_components/labels";
import { NewUserCommand } from "./_components/new-user-command";
import { unavailable, UnavailableCommands, type CommandCheck } from "./_components/unavailable-commands";

export const metadata: Metadata = { title: "Tenant users · Mailgate" };

// Anything odd in the address (an array, a negative page) falls back to the first page, unfiltered.
const GridQuery = z.object({
  q: z.string().trim().max(200).catch(""),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

function gridHref(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/tenant/users?${query}` : "/tenant/users";
}

export default async function TenantUsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await getActor();
  const db = getDb();
  const opened = await openTenantDirectory(db, actor);
  const header = (
    <PageHeader
      crumbs={[{ label: "Tenant" }, { label: "Users" }]}
      title="Tenant users"
      description="Directory users, their tenant roles and their Exchange mailboxes."
    />
  );
  if (!opened.ok) {
    return (
      <>
        {header}
        <Notice tone="warning" title="You cannot see the directory">
          {opened.message}
        </Notice>
      </>
    );
  }

  const { q, page } = GridQuery.parse(await searchParams);
  const list = await listDirectoryUsers(db, opened.directory, { q, page });
  const create: CommandCheck = {
    command: "New user",
    noteId: "why-new-user",
    decision: decideCreateDirectoryUser(actor),
  };
  const settings = await getTenantSettings(db);
  const tokens: CommandCheck = {
    command: settings.isApiTokensOn ? "Turn API tokens off" : "Turn API tokens on",
    noteId: "why-api-tokens",
    decision: decideSetApiTokensOn(actor),
  };

  return (
    <>
      {header}
      <CommandBar label="User commands">
        <NewUserCommand unavailable={unavailable(create)} />
        <ApiTokensCommand unavailable={unavailable(tokens)} isOn={settings.isApiTokensOn} version={settings.version} />
        <Form action="/tenant/users" role="search" className="ml-auto flex items-center gap-2">
          <input
            type="search"
            name="q"
            defaultValue={q}
            aria-label="Search users"
            placeholder="Search by name or UPN"
            className="w-64 rounded-control border border-line bg-surface px-2.5 py-1.5"
          />
          <button type="submit" className={buttonClass("secondary")}>
            Search
          </button>
        </Form>
      </CommandBar>
      <UnavailableCommands checks={[create, tokens]} />
      {!settings.isApiTokensOn && (
        <div className="mb-4">
          <Notice tone="warning" title="API tokens are off">
            Every personal access token is refused until a Global Administrator turns tokens back on.
          </Notice>
        </div>
      )}
      <DataTable
        label="Tenant users"
        rows={list.rows}
        rowKey={(u) => u.id}
        empty={q ? `No users match “${q}”.` : "There are no directory users."}
        columns={[
          {
            header: "Display name",
            cell: (u) => (
              <Link href={`/tenant/users/${u.id}`} className="font-semibold text-brand hover:underline">
                {u.displayName}
              </Link>
            ),
          },
          { header: "User principal name", cell: (u) => u.upn },
          { header: "Tenant roles", cell: (u) => roleNames(u.tenantRoles) || <span className="text-muted">—</span> },
          {
            header: "Status",
            cell: (u) => (u.isEnabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="danger">Disabled</Badge>),
          },
          {
            header: "Exchange mailbox",
            cell: (u) => {
              const label = exchangeLabel(u.exchange);
              return <Badge tone={label.tone}>{label.text}</Badge>;
            },
          },
        ]}
      />
      <Pager
        label="Tenant users pages"
        page={list.page}
        pageCount={list.pageCount}
        total={list.total}
        noun={list.total === 1 ? "user" : "users"}
        hrefFor={(p) => gridHref(q, p)}
      />
    </>
  );
}
