import type { SsoKind } from "@/lib/policy/sso-claims";
import { ssoSignInAction } from "./actions";

const LABELS: Record<SsoKind, string> = {
  "microsoft-entra-id": "Sign in with Microsoft",
  oidc: "Sign in with single sign-on",
};

export function SsoButton({ kind, callbackUrl }: { kind: SsoKind; callbackUrl: string }) {
  return (
    <form action={ssoSignInAction}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button
        type="submit"
        className="w-full rounded-control border border-line bg-surface px-3 py-2 font-semibold hover:bg-surface-alt"
      >
        {LABELS[kind]}
      </button>
    </form>
  );
}
