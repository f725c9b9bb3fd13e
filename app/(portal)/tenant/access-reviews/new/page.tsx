import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import { decideStartReview } from "@/lib/policy/access-review";
import { listDelegationAdmins } from "@/lib/services/directory/tenant-admins";
import { listVisibleEnvironments } from "@/lib/services/settings/environments";
import { defaultDueDate } from "../_components/due-date";
import { StartReviewForm } from "../_components/start-review-form";

export const metadata: Metadata = { title: "Start an access review · Mailgate" };

export default async function NewAccessReviewPage() {
  const actor = await getActor();
  const decision = decideStartReview(actor);
  const header = (
    <PageHeader
      crumbs={[{ label: "Tenant" }, { label: "Access reviews", href: "/tenant/access-reviews" }, { label: "Start" }]}
      title="Start an access review"
      description="Reviewers keep or remove each Delegated Mailbox Approver holder. Removals happen when the review is applied."
    />
  );
  if (!decision.allowed)
    return (
      <>
        {header}
        <Notice tone="warning" title="You cannot start a review">
          {decision.message} ({decision.code} · {decision.reason})
        </Notice>
      </>
    );
  const db = getDb();
  const now = new Date();
  return (
    <>
      {header}
      <StartReviewForm
        environments={(await listVisibleEnvironments(db, actor, now)).map(({ id, name }) => ({ id, name }))}
        admins={(await listDelegationAdmins(db)).map(({ id, name, upn, tenantRoles }) => ({
          id,
          name,
          upn,
          role: tenantRoles.includes("global_admin") ? "Global Administrator" : "Exchange Administrator",
        }))}
        defaultDueDate={defaultDueDate(now)}
      />
    </>
  );
}
