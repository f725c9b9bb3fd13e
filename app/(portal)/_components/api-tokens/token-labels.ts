import type { Tone } from "@/components/ui/badge";
import type { ApiTokenState } from "@/lib/services/identity/api-tokens";

export const TOKEN_STATES: Record<ApiTokenState, { text: string; tone: Tone }> = {
  active: { text: "Active", tone: "success" },
  expired: { text: "Expired", tone: "warning" },
  revoked: { text: "Revoked", tone: "danger" },
};
