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
let dispose: () => void;
const { PROD, actorOf, envUserId, mailbox: box } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };

beforeEach(() => {
  ({ db, dispose } = createTestDb({ demo: true }));
  // dana: System Administrator of Production, made a Delegated Mailbox Approver, so she may approve.
  makeDanaApprover(db, ctx);
});
afterEach(() => dispose());

/** "Select all matching" on the Pending view, as the grid's dialog sends it, then the pre-check. */
function precheckAllPending() {
  const ids = listMatchingMailboxIds(db, {
    environmentId: PROD(),
    view: "pending",
    q: "",
    ownEnvironmentUserId: envUserId("dana"),
  });
  return precheckWithSnapshot(
    db,
    actorOf("dana"),
    { environmentId: PROD(), items: ids.map((id) => ({ id, version: null })), operation: "approve" },
    now,
  );
}
const run = (snapshotId: string) => {
  const items = claimApprovalSnapshot(
    db,
    actorOf("dana"),
    { id: snapshotId, environmentId: PROD(), operation: "approve" },
    now,
  );
  if (!items) throw new Error("snapshot not found");
  return setApproval(db, actorOf("dana"), { environmentId: PROD(), items, operation: "approve" }, ctx);
};

describe("OK approves exactly what the pre-check showed", () => {
  it("a mailbox that joins the view after the pre-check (its owner changed the address) is not approved", () => {
    const precheck = precheckAllPending();
    // Bob's approved mailbox gets a new address and so goes back to Pending Approval: it joins the view.
    const bob = box("bob@contoso.com");
    expect(
      changeMailboxAddress(
        db,
        actorOf("sam"),
        { environmentId: PROD(), mailboxId: bob.id, version: bob.version, emailAddress: "ceo@contoso.com" },
        ctx,
      ),
    ).toMatchObject({ ok: true });

    const outcomes = run(precheck.snapshotId);
    expect(outcomes.filter((o) => o.outcome === "changed")).toHaveLength(precheck.willChange);
    expect(outcomes.map((o) => o.id)).not.toContain(bob.id);
    expect(box("ceo@contoso.com").email_status).toBe(2);
  });

  it("a mailbox of the pre-check that changed since is refused as stale, for select-all exactly as for ticked rows", () => {
    const precheck = precheckAllPending();
    const nina = box("nina@contoso.com");
    changeMailboxAddress(
      db,
      actorOf("sam"),
      { environmentId: PROD(), mailboxId: nina.id, version: nina.version, emailAddress: "nina.novak@contoso.com" },
      ctx,
    );
    const outcome = run(precheck.snapshotId).find((o) => o.id === nina.id);
    expect(outcome).toMatchObject({ outcome: "refused", reason: "STALE_VERSION" });
    expect(box("nina.novak@contoso.com").email_status).toBe(2);
  });

  it("losing a race to the same decision says already approved, not changed since you loaded it", () => {
    const precheck = precheckAllPending();
    const user21 = box("user21@contoso.com");
    // Approved meanwhile (here from another tab of hers), so its version moved on.
    expect(
      setApproval(db, actorOf("dana"), { environmentId: PROD(), items: [user21], operation: "approve" }, ctx)[0],
    ).toMatchObject({ outcome: "changed" });
    expect(run(precheck.snapshotId).find((o) => o.id === user21.id)).toMatchObject({
      outcome: "unchanged",
      message: "Already approved.",
    });
  });

  it("a snapshot serves once, only its taker, only before it expires", () => {
    const { snapshotId } = precheckAllPending();
    const ref = { id: snapshotId, environmentId: PROD(), operation: "approve" as const };
    expect(claimApprovalSnapshot(db, actorOf("sam"), ref, now)).toBeNull();
    expect(claimApprovalSnapshot(db, actorOf("dana"), { ...ref, operation: "reject" }, now)).toBeNull();
    expect(claimApprovalSnapshot(db, actorOf("dana"), ref, now)).not.toBeNull();
    expect(claimApprovalSnapshot(db, actorOf("dana"), ref, now)).toBeNull();

    const late = precheckAllPending().snapshotId;
    expect(
      claimApprovalSnapshot(db, actorOf("dana"), { ...ref, id: late }, new Date(now.getTime() + SNAPSHOT_TTL_MS + 1)),
    ).toBeNull();
  });
});
