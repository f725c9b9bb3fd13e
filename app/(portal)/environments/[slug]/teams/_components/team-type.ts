import type { TeamListRow } from "@/lib/services/directory/teams";

export const TEAM_TYPE_LABELS: Record<TeamListRow["type"], string> = {
  owner: "Owner",
  entra_group: "Microsoft Entra group",
};
