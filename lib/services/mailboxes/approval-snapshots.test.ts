import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { claimApprovalSnapshot, precheckWithSnapshot, SNAPSHOT_TTL_MS } from "./approval-snapshots";
import { setApproval } from "./approvals";
import { NO_ORIGIN } from "../audit/log";
import { listMatchingMailboxIds } from "./grid";
import { changeMailboxAddress } from "./changes";
import { makeDanaApprover } from "../testing/approval-setup";
import { demoLookups } from "../testing/demo-lookups";

let db: Db;
let dispose: () => Promise<void>;
const { PROD, actorOf, envUserId, mailbox: box } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };

beforeEach(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  // dana: System Administrator of Production, made a Delegated Mailbox Approver, so she may approve.
  await makeDanaApprover(db, ctx);
});
afterEach(() => dispose());

/** "Select all matching" on the Pending view, as the grid's dialog sends it, then the pre-check. */
async function precheckAllPending() {
  const ids = await listMatchingMailboxIds(db, {
    environmentId: await PROD(),
    view: "pending",
    q: "",
    ownEnvironmentUserId: await envUserId("dana"),
  });
  return await precheckWithSnapshot(
    db,
    await actorOf("dana"),
    { environmentId: await PROD(), items: ids.map((id) => ({ id, version: null })), operation: "approve" },
    now,
  );
}
const run = async (snapshotId: string) => {
  const items = await claimApprovalSnapshot(
    db,
    await actorOf("dana"),
    { id: snapshotId, environmentId: await PROD(), operation: "approve" },
    now,
  );
  if (!items) throw new Error("snapshot not found");
  return await setApproval(
    db,
    await actorOf("dana"),
    { environmentId: await PROD(), items, operation: "approve" },
    ctx,
  );
};

describe("OK approves exactly what the pre-check showed", () => {
  it("a mailbox that joins the view after the pre-check (its owner changed the address) is not approved", async () => {
    const precheck = await precheckAllPending();
    // Bob's approved mailbox gets a new address and so goes back to Pending Approval: it joins the view.
    const bob = await box("bob@contoso.com");
    expect(
      await changeMailboxAddress(
        db,
        await actorOf("sam"),
        { environmentId: await PROD(), mailboxId: bob.id, version: bob.version, emailAddress: "ceo@contoso.com" },
        ctx,
      ),
    ).toMatchObject({ ok: true });

    const outcomes = await run(precheck.snapshotId);
    expect(outcomes.filter((o) => o.outcome === "changed")).toHaveLength(precheck.willChange);
    expect(outcomes.map((o) => o.id)).not.toContain(bob.id);
    expect((await box("ceo@contoso.com")).email_status).toBe(2);
  });

  it("a mailbox of the pre-check that changed since is refused as stale, for select-all exactly as for ticked rows", async () => {
    const precheck = await precheckAllPending();
    const nina = await box("nina@contoso.com");
    await changeMailboxAddress(
      db,
      await actorOf("sam"),
      {
        environmentId: await PROD(),
        mailboxId: nina.id,
        version: nina.version,
        emailAddress: "nina.novak@contoso.com",
      },
      ctx,
    );
    const outcome = (await run(precheck.snapshotId)).find((o) => o.id === nina.id);
    expect(outcome).toMatchObject({ outcome: "refused", reason: "STALE_VERSION" });
    expect((await box("nina.novak@contoso.com")).email_status).toBe(2);
  });

  it("losing a race to the same decision says already approved, not changed since you loaded it", async () => {
    const precheck = await precheckAllPending();
    const user21 = await box("user21@contoso.com");
    // Approved meanwhile (here from another tab of hers), so its version moved on.
    expect(
      (
        await setApproval(
          db,
          await actorOf("dana"),
          { environmentId: await PROD(), items: [user21], operation: "approve" },
          ctx,
        )
      )[0],
    ).toMatchObject({ outcome: "changed" });
    expect((await run(precheck.snapshotId)).find((o) => o.id === user21.id)).toMatchObject({
      outcome: "unchanged",
      message: "Already approved.",
    });
  });

  it("a snapshot serves once, only its taker, only before it expires", async () => {
    const { snapshotId } = await precheckAllPending();
    const ref = { id: snapshotId, environmentId: await PROD(), operation: "approve" as const };
    expect(await claimApprovalSnapshot(db, await actorOf("sam"), ref, now)).toBeNull();
    expect(await claimApprovalSnapshot(db, await actorOf("dana"), { ...ref, operation: "reject" }, now)).toBeNull();
    expect(await claimApprovalSnapshot(db, await actorOf("dana"), ref, now)).not.toBeNull();
    expect(await claimApprovalSnapshot(db, await actorOf("dana"), ref, now)).toBeNull();

    const late = (await precheckAllPending()).snapshotId;
    expect(
      await claimApprovalSnapshot(
        db,
        await actorOf("dana"),
        { ...ref, id: late },
        new Date(now.getTime() + SNAPSHOT_TTL_MS + 1),
      ),
    ).toBeNull();
  });
});
