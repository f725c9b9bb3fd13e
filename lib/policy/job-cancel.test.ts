import { describe, expect, it } from "vitest";
import type { TenantRole } from "./catalog";
import { actor, holding, membership } from "./fixtures";
import { decideCancelJob } from "./job-cancel";

const STARTER = 1;
const someoneElse = (tenantRoles: TenantRole[] = []) => ({ ...actor({ tenantRoles }), id: 2 });
const running = { startedById: STARTER, isActive: true };

describe("who may cancel a background job", () => {
  it.each([
    ["whoever started it", actor(), running, true, null],
    ["a Global Administrator who did not start it", someoneElse(["global_admin"]), running, true, null],
    ["an Exchange Administrator who did not start it", someoneElse(["exchange_admin"]), running, true, null],
    ["a Power Platform Administrator", someoneElse(["power_platform_admin"]), running, true, null],
    ["a Dynamics 365 Administrator", someoneElse(["dynamics365_admin"]), running, true, null],
    [
      "a System Administrator of the environment who did not start it",
      { ...actor({ memberships: [membership(1, [holding("system_administrator")])] }), id: 2 },
      running,
      false,
      "NOT_STARTER_OR_TENANT_ADMIN",
    ],
    [
      "anyone, for a job a script started (no starter)",
      someoneElse(),
      { startedById: null, isActive: true },
      false,
      "NOT_STARTER_OR_TENANT_ADMIN",
    ],
    ["its starter, once disabled", actor({ isEnabled: false }), running, false, "NOT_STARTER_OR_TENANT_ADMIN"],
    [
      "a disabled Global Administrator",
      { ...actor({ tenantRoles: ["global_admin"], isEnabled: false }), id: 2 },
      running,
      false,
      "NOT_STARTER_OR_TENANT_ADMIN",
    ],
    ["its starter, once the job ended", actor(), { startedById: STARTER, isActive: false }, false, "JOB_ENDED"],
    [
      "a Global Administrator, once the job ended",
      someoneElse(["global_admin"]),
      { startedById: STARTER, isActive: false },
      false,
      "JOB_ENDED",
    ],
  ] as const)("%s", (_name, who, job, allowed, reason) => {
    const decision = decideCancelJob(who, job);
    expect(decision.allowed).toBe(allowed);
    expect(decision.reason).toBe(reason);
  });

  it("a refusal for rights carries the missing-privilege code and says who can", () => {
    expect(decideCancelJob(someoneElse(), running)).toMatchObject({
      code: "0x80040220",
      message: "Only whoever started this job, or a tenant admin, can cancel it.",
    });
  });
});
