import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flag } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { NO_ORIGIN } from "../audit/log";
import { applyDefaultEmailSettings, setMailboxesActive, setSyncMethods, type CommandItem } from "./commands";
import { demoLookups } from "../testing/demo-lookups";

let db: Db;
let dispose: () => Promise<void>;
const { one: q, all, run, PROD, actorOf } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };
type Box = {
  id: number;
  version: number;
  is_active: number | boolean;
  incoming_method: number;
  outgoing_method: number;
  act_method: number;
  server_profile_id: number | null;
  mailbox_status: number;
  incoming_status: number;
  email_status: number;
};
const box = async (name: string) =>
  await q<Box>("select * from mailboxes where environment_id = ? and name = ?", await PROD(), name);
const item = async (name: string): Promise<CommandItem> => ({
  id: (await box(name)).id,
  version: (await box(name)).version,
});
const lastEvent = async (action: string) =>
  await q<{ before: string; after: string; actor_upn: string } | undefined>(
    "select before, after, actor_upn from audit_events where action = ? order by seq desc limit 1",
    action,
  );

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterAll(() => dispose());

describe("Edit: sync methods on many mailboxes", () => {
  it("changes the chosen methods, sends the tests back to Not Run, bumps the version and audits the change", async () => {
    const before = await box("Casey Adams");
    const [result] = await setSyncMethods(
      db,
      await actorOf("sam"),
      { environmentId: await PROD(), items: [await item("Casey Adams")], methods: { act: 2 } },
      ctx,
    );
    expect(result).toMatchObject({ outcome: "changed" });
    expect(await box("Casey Adams")).toMatchObject({
      act_method: 2,
      incoming_method: 2,
      mailbox_status: 0,
      incoming_status: 0,
      version: before.version + 1,
    });
    expect(await lastEvent("MailboxSyncMethodsChanged")).toMatchObject({
      before: JSON.stringify({ act: "Server-Side Synchronization" }),
      after: JSON.stringify({ act: "None" }),
    });
  });

  it("reports mailboxes already so as unchanged, and refuses a row changed since it was seen", async () => {
    const stale = { ...(await item("Drew Adams")), version: 0 };
    const results = await setSyncMethods(
      db,
      await actorOf("sam"),
      { environmentId: await PROD(), items: [await item("Casey Adams"), stale], methods: { act: 2 } },
      ctx,
    );
    expect(results.map((r) => [r.outcome, r.reason])).toEqual([
      ["unchanged", null],
      ["refused", "STALE_VERSION"],
    ]);
  });

  it("a Basic User may edit their own mailbox; another's is not found to them, without its name", async () => {
    const results = await setSyncMethods(
      db,
      await actorOf("bob"),
      {
        environmentId: await PROD(),
        items: [await item("Bob Brown"), await item("Nina Novak")],
        methods: { outgoing: 0 },
      },
      ctx,
    );
    expect(results.map((r) => [r.outcome, r.reason])).toEqual([
      ["changed", null],
      ["refused", "NOT_VISIBLE"],
    ]);
    expect(results[1]!.name).toBe(`#${(await item("Nina Novak")).id}`);
  });
});

describe("Activate / Deactivate", () => {
  it("deactivates and reactivates, bumping the version and auditing each change", async () => {
    const v = (await box("Emery Adams")).version;
    expect(
      (
        await setMailboxesActive(
          db,
          await actorOf("sam"),
          { environmentId: await PROD(), items: [await item("Emery Adams")], isActive: false },
          ctx,
        )
      )[0],
    ).toMatchObject({ outcome: "changed", message: "Deactivated." });
    expect(await box("Emery Adams")).toMatchObject({ is_active: flag(false), version: v + 1 });
    expect(await lastEvent("MailboxDeactivated")).toMatchObject({
      before: JSON.stringify({ state: "Active" }),
      after: JSON.stringify({ state: "Inactive" }),
      actor_upn: "sam@contoso.com",
    });
    expect(
      (
        await setMailboxesActive(
          db,
          await actorOf("sam"),
          {
            environmentId: await PROD(),
            items: [{ id: (await box("Emery Adams")).id, version: null }],
            isActive: false,
          },
          ctx,
        )
      )[0]!.outcome,
    ).toBe("unchanged");
    await setMailboxesActive(
      db,
      await actorOf("sam"),
      { environmentId: await PROD(), items: [await item("Emery Adams")], isActive: true },
      ctx,
    );
    expect(await box("Emery Adams")).toMatchObject({ is_active: flag(true), version: v + 2 });
  });

  it("a System Customizer cannot", async () => {
    expect(
      (
        await setMailboxesActive(
          db,
          await actorOf("cora"),
          { environmentId: await PROD(), items: [await item("Emery Adams")], isActive: false },
          ctx,
        )
      )[0],
    ).toMatchObject({ outcome: "refused", code: "0x80040220" });
  });
});

describe("Apply Default Email Settings", () => {
  it("puts back the default profile and methods, then tests and enables the mailbox", async () => {
    const profile = (await box("Alex Adams")).server_profile_id;
    await run(
      "update mailboxes set server_profile_id = null, incoming_method = 0 where id = ?",
      (await box("Finley Adams")).id,
    );
    const [result] = await applyDefaultEmailSettings(
      db,
      await actorOf("sam"),
      { environmentId: await PROD(), items: [await item("Finley Adams")] },
      ctx,
    );
    expect(result).toMatchObject({ outcome: "succeeded" });
    expect(await box("Finley Adams")).toMatchObject({
      server_profile_id: profile,
      incoming_method: 2,
      outgoing_method: 2,
      act_method: 1,
      mailbox_status: 1,
    });
    expect(JSON.parse((await lastEvent("MailboxDefaultsApplied"))!.after)).toEqual({
      serverProfile: "Microsoft Exchange Online",
      incoming: "Server-Side Synchronization",
    });
    const order = await all<{ action: string }>(
      "select action from audit_events where target_label like 'Finley Adams%' order by seq",
    );
    expect(order.map((e) => e.action)).toEqual(["MailboxDefaultsApplied", "MailboxTested"]);
  });

  it("a queue gets None for appointments, contacts and tasks, so its test never fails with Crm.80048306", async () => {
    const [result] = await applyDefaultEmailSettings(
      db,
      await actorOf("sam"),
      { environmentId: await PROD(), items: [await item("Support")] },
      ctx,
    );
    expect(result?.alerts).not.toContain("Crm.80048306");
    expect(await box("Support")).toMatchObject({ incoming_method: 2, outgoing_method: 2, act_method: 2 });
    expect(JSON.parse((await lastEvent("MailboxDefaultsApplied"))!.after)).toEqual({ act: "None" });
    const crm = await q<{ n: number }>(
      "select count(*) n from alerts where mailbox_id = ? and code = 'Crm.80048306'",
      (await box("Support")).id,
    );
    expect(crm.n).toBe(0);
  });

  it("a mailbox already at the defaults is only tested", async () => {
    const v = (await box("Gray Adams")).version;
    expect(
      (
        await applyDefaultEmailSettings(
          db,
          await actorOf("sam"),
          { environmentId: await PROD(), items: [await item("Gray Adams")] },
          ctx,
        )
      )[0]!.outcome,
    ).toBe("succeeded");
    expect((await box("Gray Adams")).version).toBe(v);
  });
});
