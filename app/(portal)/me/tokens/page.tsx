import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import { decideCreateApiToken, MAX_TOKEN_DAYS } from "@/lib/policy/api-tokens";
import { listApiTokens } from "@/lib/services/identity/api-tokens";
import { getTenantSettings } from "@/lib/services/settings/tenant-settings";
import { TokenTable } from "../../_components/api-tokens/token-table";
import { NewTokenForm } from "./_components/new-token-form";

export const metadata: Metadata = { title: "API tokens · Mailgate" };

/** The signed-in person's personal access tokens for the REST API. */
export default async function ApiTokensPage() {
  const actor = await getActor();
  const db = getDb();
  const now = new Date();
  const create = decideCreateApiToken(actor, await getTenantSettings(db));
  const tokens = (await listApiTokens(db, actor, actor.id, now)) ?? [];

  return (
    <>
      <PageHeader
        crumbs={[{ label: "API tokens" }]}
        title="API tokens"
        description={
          <>
            Personal access tokens for the <a href="/api/docs">REST API</a>. A token acts as you, with your current
            rights, narrowed to its scopes, and expires within {MAX_TOKEN_DAYS} days.
          </>
        }
      />
      {!create.allowed && (
        <div className="mb-4">
          <Notice tone="warning" title="API tokens are off">
            {create.message}
          </Notice>
        </div>
      )}
      <div className="grid grid-cols-3 gap-4">
        <div className="col-span-2">
          <TokenTable tokens={tokens} empty="You have no API tokens." />
        </div>
        <NewTokenForm refusal={create.allowed ? null : create.message} />
      </div>
    </>
  );
}
