import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Refusal } from "@/components/ui/refusal";
import { requireEnvironmentPage } from "@/lib/auth/page-access";
import { decideCreateRole } from "@/lib/policy/environment-admin";
import { environmentHref } from "../../../../_components/environment-pages";
import { NewRoleForm } from "../_components/new-role-form";

export const metadata: Metadata = { title: "New security role · Mailgate" };

export default async function NewSecurityRolePage({ params }: { params: Promise<{ slug: string }> }) {
  const { actor, environment, now } = await requireEnvironmentPage((await params).slug, "roles");
  const decision = decideCreateRole(actor, environment.id, now);
  const href = (path: string) => environmentHref(environment.slug, path);
  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Environments", href: "/" },
          { label: environment.name, href: href("") },
          { label: "Security roles", href: href("roles") },
          { label: "New role" },
        ]}
        title="New security role"
        description="A custom role: a name and the privileges it grants, each at a depth."
      />
      {decision.allowed ? (
        <NewRoleForm slug={environment.slug} environmentId={environment.id} cancelHref={href("roles")} />
      ) : (
        <Refusal
          title="You cannot create security roles"
          code={decision.code}
          reason={decision.reason}
          message={decision.message}
        />
      )}
    </>
  );
}
