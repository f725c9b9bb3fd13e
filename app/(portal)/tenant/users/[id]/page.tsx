import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { z } from "zod";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CommandBar } from "@/components/ui/command-bar";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import { decideSetBreakGlass } from "@/lib/policy/break-glass";
import { decideEditExchangeFacts, decideManageTenantRoles, decideSetUserEnabled } from "@/lib/policy/tenant-admin";
import { getDirectoryUserDetail, openTenantDirectory } from "@/lib/services/directory/users";
import { listApiTokens } from "@/lib/services/identity/api-tokens";
import { TokenTable } from "../../../_components/api-tokens/token-table";
import { BreakGlassCommand } from "../_components/break-glass-command";
import { EnableUserCommand } from "../_components/enable-user-command";
import { ExchangeFactsCommand } from "../_components/exchange-facts-command";
import { breakGlassLabel, exchangeLabel, roleNames } from "../_components/labels";
import { ManageRolesCommand } from "../_components/manage-roles-command";
import { unavailable, UnavailableCommands, type CommandCheck } from "../_components/unavailable-commands";

export const metadata: Metadata = { title: "Tenant user · Mailgate" };

const UserId = z.coerce.number().int().positive();
const USERS_CRUMBS = [{ label: "Tenant" }, { label: "Users", href: "/tenant/users" }];

export default async function TenantUserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await getActor();
  const db = getDb();
  const opened = await openTenantDirectory(db, actor);
  if (!opened.ok) {
    return (
      <>
        <PageHeader crumbs={USERS_CRUMBS} title="Tenant user" />
        <Notice tone="warning" title="You cannot see the directory">
          {opened.message}
        </Notice>
      </>
    );
  }
  const id = UserId.safeParse((await params).id);
  const user = id.success ? await getDirectoryUserDetail(db, opened.directory, id.data) : null;
  if (!user) notFound();

  const { enabledGlobalAdmins } = user;
  const roles: CommandCheck = {
    command: "Manage roles",
    noteId: "why-manage-roles",
    decision: decideManageTenantRoles(actor),
  };
  const toggle: CommandCheck = {
    command: user.isEnabled ? "Disable user" : "Enable user",
    noteId: "why-enable-user",
    decision: decideSetUserEnabled(actor, { target: user, isEnabled: !user.isEnabled, enabledGlobalAdmins }),
  };
  const exchange: CommandCheck = {
    command: "Edit Exchange facts",
    noteId: "why-exchange-facts",
    decision: decideEditExchangeFacts(actor),
  };
  const breakGlass: CommandCheck = {
    command: breakGlassLabel(user.isBreakGlass),
    noteId: "why-break-glass",
    decision: decideSetBreakGlass(actor, { target: user, isBreakGlass: !user.isBreakGlass }),
  };
  // Only where it can apply: a Global Administrator's account, or one still marked.
  const hasBreakGlassCommand = user.isBreakGlass || user.tenantRoles.includes("global_admin");
  // Asked in advance so the panel can say, next to the checkbox, that removing the role would be refused.
  const withoutGlobal = decideManageTenantRoles(actor, {
    target: user,
    nextRoles: user.tenantRoles.filter((r) => r !== "global_admin"),
    enabledGlobalAdmins,
  });
  const mailbox = exchangeLabel(user.exchange);
  // Global Administrators see and revoke anyone's tokens; others see none here but their own.
  const tokens = await listApiTokens(db, actor, user.id, new Date());

  return (
    <>
      <PageHeader
        crumbs={[...USERS_CRUMBS, { label: user.displayName }]}
        title={user.displayName}
        description={user.upn}
      />
      <CommandBar label="User commands">
        <ManageRolesCommand
          unavailable={unavailable(roles)}
          userId={user.id}
          version={user.version}
          roles={user.tenantRoles}
          globalAdminNote={withoutGlobal.allowed ? null : `Removing it will be refused: ${withoutGlobal.message}`}
        />
        <EnableUserCommand
          unavailable={unavailable(toggle)}
          userId={user.id}
          version={user.version}
          displayName={user.displayName}
          isEnabled={user.isEnabled}
        />
        <ExchangeFactsCommand
          unavailable={unavailable(exchange)}
          userId={user.id}
          version={user.version}
          exchange={user.exchange}
        />
        {hasBreakGlassCommand && (
          <BreakGlassCommand
            unavailable={unavailable(breakGlass)}
            userId={user.id}
            version={user.version}
            displayName={user.displayName}
            isBreakGlass={user.isBreakGlass}
          />
        )}
      </CommandBar>
      <UnavailableCommands checks={[roles, toggle, exchange, ...(hasBreakGlassCommand ? [breakGlass] : [])]} />
      <div className="grid grid-cols-2 gap-4">
        <Card title="Account">
          <dl className="space-y-2">
            <Fact label="User principal name">{user.upn}</Fact>
            <Fact label="Status">
              {user.isEnabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="danger">Disabled</Badge>}
            </Fact>
            <Fact label="Tenant roles">{roleNames(user.tenantRoles) || "None"}</Fact>
            <Fact label="Signs in with">{signInMethods(user)}</Fact>
            <Fact label="Break-glass account">
              {user.isBreakGlass ? <Badge tone="warning">Break-glass</Badge> : "No"}
            </Fact>
          </dl>
        </Card>
        <Card title="Exchange">
          <dl className="space-y-2">
            <Fact label="Mailbox">
              <Badge tone={mailbox.tone}>{mailbox.text}</Badge>
            </Fact>
            <Fact label="Kind">
              {{ user: "User mailbox", shared: "Shared mailbox", none: "No mailbox" }[user.exchange.kind]}
            </Fact>
            <Fact label="Licensed">{user.exchange.isLicensed ? "Yes" : "No"}</Fact>
          </dl>
        </Card>
      </div>
      <h2 className="mt-6 mb-2 text-base font-semibold">Environments</h2>
      <DataTable
        label="Environments"
        rows={user.environments}
        rowKey={(e) => e.id}
        empty="This user is not a member of any environment."
        columns={[
          { header: "Environment", cell: (e) => e.name },
          {
            header: "Status in the environment",
            cell: (e) => (e.isEnabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="danger">Disabled</Badge>),
          },
        ]}
      />
      {tokens && (
        <>
          <h2 className="mt-6 mb-2 text-base font-semibold">API tokens</h2>
          <TokenTable tokens={tokens} empty="This user has no API tokens." />
        </>
      )}
    </>
  );
}

function signInMethods(user: { hasPassword: boolean; isSsoLinked: boolean }): string {
  if (user.isSsoLinked) return user.hasPassword ? "Single sign-on and a portal password" : "Single sign-on";
  return user.hasPassword ? "A portal password" : "Nothing yet";
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2">
      <dt className="text-muted">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
