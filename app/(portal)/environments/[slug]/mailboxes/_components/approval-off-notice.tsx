import Link from "@/components/ui/link";
import { Notice } from "@/components/ui/notice";
import { environmentHref } from "../../../../_components/environment-pages";

const KIND_WORDS = { user: "users", queue: "queues" } as const;

/**
 * The lasting notice while an environment does not enforce approval (DOMAIN §7): mail then syncs
 * although an address is not approved, so a "not approved" warning would be untrue. `kinds` comes
 * from the policy's kindsSyncingWithoutApproval; on a mailbox page it is narrowed to that mailbox's kind.
 */
export function ApprovalOffNotice({
  slug,
  kinds,
  canOpenSettings,
  isMailboxPage = false,
}: {
  slug: string;
  kinds: readonly ("user" | "queue")[];
  canOpenSettings: boolean;
  isMailboxPage?: boolean;
}) {
  if (kinds.length === 0) return null;
  const who = kinds.map((k) => KIND_WORDS[k]).join(" and ");
  const settings = canOpenSettings ? (
    <Link className="font-semibold text-brand underline" href={environmentHref(slug, "settings/email")}>
      Email settings
    </Link>
  ) : (
    "Email settings"
  );
  return (
    <div className="mb-3">
      <Notice tone="warning" title="Mail syncs without approval">
        This environment processes email for {who} whose address is not approved
        {isMailboxPage
          ? ", so this mailbox's mail, appointments, contacts and tasks sync whether or not its address is approved."
          : ": their mail, appointments, contacts and tasks sync without anyone approving the address."}{" "}
        Approval is required again once it is turned back on in {settings}.
      </Notice>
    </div>
  );
}
