import "server-only";
import { first } from "@/db/query";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mailboxes, serverProfiles } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { decideManageEmailConfiguration } from "@/lib/policy/email-settings";
import { loadActor } from "../identity/actor";
import type { AuditInput, RequestOrigin } from "../audit/log";
import type { JobKind } from "../jobs/types";
import { NOT_FOUND_RESULT, refusal, type ActionContext, type ServiceResult } from "../result";
import { testAndEnableInTransaction } from "./test-and-enable";

/** "Test & Enable Mailboxes" on a server profile (DOMAIN §7): every mailbox of the profile, as a background job. */

export const TEST_AND_ENABLE_PROFILE = "test-and-enable-profile";
export type TestAndEnableProfileParams = { serverProfileId: number; profileName: string; origin: RequestOrigin };

export const testAndEnableProfileKind: JobKind<TestAndEnableProfileParams> = {
  title: (p) => `Test & Enable Mailboxes: ${p.profileName}`,
  page: "server-profiles",
  failedKeys: ["failed", "refused"],
  refusedKeys: ["refused"],
  // About 0.2 ms a mailbox: ~20 ms for the first batch, then sized by time.
  batchSize: 100,
  runBatch: async (ctx, itemIds) => {
    // Rights are read again for every batch, so a starter who lost them stops changing anything.
    const actor = ctx.startedById === null ? null : await loadActor(ctx.db, ctx.startedById);
    const counts = { succeeded: 0, failed: 0, notRun: 0, refused: 0 };
    if (!actor?.isEnabled) {
      counts.refused = itemIds.length;
      return {
        counts,
        failures: itemIds.map((id) => ({
          id,
          name: `#${id}`,
          detail: "Refused: whoever started the job can no longer sign in.",
        })),
      };
    }
    const outcomes = await testAndEnableInTransaction(ctx.db, actor, ctx.environmentId, itemIds, {
      origin: ctx.params.origin,
      now: ctx.now,
    });
    const failures = [];
    for (const o of outcomes) {
      if (o.outcome === "succeeded") counts.succeeded++;
      else if (o.outcome === "not-run") counts.notRun++;
      else if (o.outcome === "failed") counts.failed++;
      else counts.refused++;
      if (o.outcome === "failed" || o.outcome === "refused")
        failures.push({
          id: o.id,
          name: o.name,
          // The sentence people read first, then the alert codes it stands for (issue 17: not codes alone).
          detail:
            o.outcome === "refused"
              ? `Refused: ${o.message}`
              : `${o.message}${o.alerts.length ? ` (${o.alerts.join(", ")})` : ""}`,
        });
    }
    return { counts, failures };
  },
};

export type JobPlan = {
  environmentId: number;
  kind: string;
  params: TestAndEnableProfileParams;
  itemIds: number[];
  startedById: number;
  dedupeKey: string;
  audit: (jobId: number) => AuditInput;
  now: Date;
};

/** Decides and prepares the job: System Administrator only; the profile's mailboxes as they are now, by id. */
export async function planTestAndEnableProfileJob(
  db: Db,
  actor: Actor,
  input: { environmentId: number; serverProfileId: number },
  ctx: ActionContext,
): Promise<ServiceResult<{ plan: JobPlan }>> {
  const decision = decideManageEmailConfiguration(actor, input.environmentId, ctx.now);
  if (!decision.allowed) return refusal(decision);
  const profile = await first(
    db
      .select()
      .from(serverProfiles)
      .where(and(eq(serverProfiles.id, input.serverProfileId), eq(serverProfiles.environmentId, input.environmentId)))
      .limit(1),
  );
  if (!profile) return NOT_FOUND_RESULT;
  const itemIds = (
    await db
      .select({ id: mailboxes.id })
      .from(mailboxes)
      .where(eq(mailboxes.serverProfileId, profile.id))
      .orderBy(asc(mailboxes.id))
  ).map((r) => r.id);
  const params = { serverProfileId: profile.id, profileName: profile.name, origin: ctx.origin };
  return {
    ok: true,
    message: `Test & Enable started for ${itemIds.length} mailboxes of ${profile.name}.`,
    plan: {
      environmentId: input.environmentId,
      kind: TEST_AND_ENABLE_PROFILE,
      params,
      itemIds,
      startedById: actor.id,
      dedupeKey: `profile:${profile.id}`,
      now: ctx.now,
      audit: (jobId) => ({
        action: "TestAndEnableJobStarted",
        actor: { id: actor.id, upn: actor.upn },
        environmentId: input.environmentId,
        target: { type: "serverProfile", id: profile.id, label: profile.name },
        after: { job: jobId, mailboxes: itemIds.length },
        origin: ctx.origin,
        at: ctx.now,
      }),
    },
  };
}
