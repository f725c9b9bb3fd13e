import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { NO_ORIGIN } from "../audit/log";
import { delegateMailboxApprover } from "../delegation/role-assignments";
import { demoLookups } from "../testing/demo-lookups";
import { findVisibleMailbox, listMailboxAlerts, listPossibleApprovers } from "./details";

let db: Db;
let dispose: () => Promise<void>;
const { one, actorOf, envUserId } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterAll(() => dispose());

const mailboxOf = async (alias: string, slug = "production") =>
  (await one<{ id: number }>("select id from mailboxes where regarding_user_id = ?", await envUserId(alias, slug))).id;
const opens = async (viewer: string, owner: string, slug = "production") =>
  (await findVisibleMailbox(db, await actorOf(viewer), slug, await mailboxOf(owner, slug), now))?.mailbox.id ?? null;

describe("opening a mailbox form", () => {
  it("opens for the environment's mailbox readers and for the owner of their own, and for nobody else", async () => {
    expect(await opens("cora", "nina")).toBe(await mailboxOf("nina"));
    expect(await opens("evan", "nina")).toBe(await mailboxOf("nina"));
    expect(await opens("bob", "bob")).toBe(await mailboxOf("bob"));
    expect(await opens("bob", "nina")).toBeNull();
    // Nina is no member of the Sandbox: its mailboxes do not exist for her.
    expect(await opens("nina", "bob", "sandbox")).toBeNull();
  });

  it("answers a mailbox of another environment, or an unknown id, as not found", async () => {
    expect(await findVisibleMailbox(db, await actorOf("ava"), "sandbox", await mailboxOf("nina"), now)).toBeNull();
    expect(await findVisibleMailbox(db, await actorOf("ava"), "production", 999_999, now)).toBeNull();
    expect(
      await findVisibleMailbox(db, await actorOf("ava"), "no-such-environment", await mailboxOf("nina"), now),
    ).toBeNull();
  });

  it("hands the form's readers the mailbox it found: its alerts, and who could approve it", async () => {
    const found = (await findVisibleMailbox(db, await actorOf("cora"), "production", await mailboxOf("nina"), now))!;
    expect(found.environment.slug).toBe("production");
    expect(await listMailboxAlerts(db, found.mailbox)).toEqual([]);
    const approvers = () => listPossibleApprovers(db, found.mailbox, { requirePrivilegeToSelfApprove: false }, now);
    // Sam and Dana hold System Administrator in Production, but no tenant role or delegation.
    expect(await approvers()).toEqual([]);
    const delegated = await delegateMailboxApprover(
      db,
      await actorOf("ava"),
      {
        environmentId: found.environment.id,
        environmentUserId: await envUserId("dana"),
        terms: { justification: "cover", endsAt: null },
        alsoSystemAdministrator: false,
      },
      { origin: NO_ORIGIN, now },
    );
    expect(delegated).toMatchObject({ ok: true });
    expect(await approvers()).toEqual([
      { name: "Dana Diaz", email: "dana@contoso.com", via: "Delegated Mailbox Approver" },
    ]);
  });
});
