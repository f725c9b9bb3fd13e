import type { Metadata } from "next";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import { decideViewAuditLog } from "@/lib/policy/access";

export const metadata: Metadata = { title: "Audit log · Mailgate" };

export default async function AuditLogPage() {
  const decision = decideViewAuditLog(await getActor(), new Date());
  return (
    <>
      <PageHeader crumbs={[{ label: "Tenant" }, { label: "Audit log" }]} title="Audit log" />
      {decision.allowed ? (
        <Notice tone="info" title="Not built yet">
          Every change is already recorded, in the same transaction as the change, in a hash-chained log. Searching, the
          detail panel, export and integrity checks on this page come with the audit work.
        </Notice>
      ) : (
        <Notice tone="warning" title="You cannot see the audit log">
          {decision.message}
        </Notice>
      )}
    </>
  );
}
