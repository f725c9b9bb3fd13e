import type { Metadata } from "next";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import { decideViewTenantUsers } from "@/lib/policy/access";

export const metadata: Metadata = { title: "Tenant users · Mailgate" };

export default async function TenantUsersPage() {
  const decision = decideViewTenantUsers(await getActor());
  return (
    <>
      <PageHeader crumbs={[{ label: "Tenant" }, { label: "Users" }]} title="Tenant users" />
      {decision.allowed ? (
        <Notice tone="info" title="Not built yet">
          This page is not built yet. Directory users, tenant roles and Exchange facts come with the delegation work.
        </Notice>
      ) : (
        <Notice tone="warning" title="You cannot see the directory">
          {decision.message}
        </Notice>
      )}
    </>
  );
}
