import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { Time } from "@/components/time";
import type { ApiTokenView } from "@/lib/services/identity/api-tokens";
import { RevokeToken } from "./revoke-token";
import { TOKEN_STATES } from "./token-labels";

/** A person's tokens: on their own page, and on their tenant user page for Global Administrators. */
export function TokenTable({ tokens, empty }: { tokens: ApiTokenView[]; empty: string }) {
  return (
    <DataTable
      label="API tokens"
      rows={tokens}
      rowKey={(t) => t.id}
      empty={empty}
      columns={[
        {
          header: "Name",
          cell: (t) => (
            <>
              <span className="font-semibold">{t.name}</span>
              <span className="ml-2 font-mono text-xs text-muted">{t.prefix}…</span>
            </>
          ),
        },
        { header: "Scopes", cell: (t) => <span className="font-mono text-xs">{t.scopes.join(" ")}</span> },
        { header: "Created", cell: (t) => <Time value={t.createdAt} /> },
        { header: "Expires", cell: (t) => <Time value={t.expiresAt} /> },
        { header: "Last used", cell: (t) => <Time value={t.lastUsedAt} empty="Never" /> },
        {
          header: "Status",
          cell: (t) => <Badge tone={TOKEN_STATES[t.state].tone}>{TOKEN_STATES[t.state].text}</Badge>,
        },
        {
          header: "Actions",
          cell: (t) => (t.state === "revoked" ? null : <RevokeToken tokenId={t.id} name={t.name} />),
        },
      ]}
    />
  );
}
