import { z } from "zod";
import { DELEGATION_SORTS, DELEGATION_STATES, type DelegationRow } from "@/lib/services/delegation/delegation-list";
import { DecisionSchema } from "./mailbox-schemas";
import { isoOrNull } from "./params";

/** A Delegated Mailbox Approver assignment as the API answers it, and the list's query. */

export const Delegation = z
  .object({
    id: z.int().meta({ description: "The assignment's id." }),
    environmentUserId: z.int(),
    name: z.string(),
    email: z.string(),
    isEnabled: z.boolean(),
    environment: z.string().meta({ description: "The environment's slug." }),
    state: z.enum(["active", "expired"]),
    assignedBy: z.string().nullable(),
    assignedAt: z.iso.datetime(),
    renewedBy: z.string().nullable(),
    renewedAt: z.iso.datetime().nullable(),
    endsAt: isoOrNull("When it ends; null: no end date."),
    justification: z.string().nullable(),
    lastApprovalAt: isoOrNull("The holder's last approval made with the role."),
    recentApprovals: z.int().meta({ description: "Approvals made with the role in the last 90 days." }),
    isSystemAdministrator: z.boolean(),
    canApprove: DecisionSchema.pick({ allowed: true, reason: true, message: true }),
  })
  .meta({ id: "Delegation" });

export const delegationOf = (row: DelegationRow): z.input<typeof Delegation> => ({
  id: row.assignmentId,
  environmentUserId: row.environmentUserId,
  name: row.name,
  email: row.email,
  isEnabled: row.isEnabled,
  environment: row.environmentSlug,
  state: row.state,
  assignedBy: row.assignedBy,
  assignedAt: row.assignedAt.toISOString(),
  renewedBy: row.renewedBy,
  renewedAt: row.renewedAt?.toISOString() ?? null,
  endsAt: row.endsAt?.toISOString() ?? null,
  justification: row.justification,
  lastApprovalAt: row.lastApprovalAt?.toISOString() ?? null,
  recentApprovals: row.recentApprovals,
  isSystemAdministrator: row.isSystemAdministrator,
  canApprove: row.canApprove,
});

export const DelegationQuery = z.object({
  state: z.enum(DELEGATION_STATES).default("all"),
  expiringWithinDays: z.coerce.number().int().min(1).max(3650).optional(),
  unusedForDays: z.coerce.number().int().min(1).max(3650).optional(),
  q: z.string().trim().max(200).default("").meta({ description: "The start of the holder's name or email." }),
  sort: z.enum(DELEGATION_SORTS).default("holder"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
});

export const DelegationPage = z
  .object({ items: z.array(Delegation), total: z.int(), page: z.int(), pageCount: z.int() })
  .meta({ id: "DelegationPage" });
