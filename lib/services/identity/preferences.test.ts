import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { createTestDb } from "@/db/testing";
import { DEFAULT_HIDDEN_MAILBOX_COLUMNS } from "@/lib/policy/mailbox-columns";
import { demoLookups } from "../testing/demo-lookups";
import { getHiddenMailboxColumns, saveHiddenMailboxColumns } from "./preferences";

let db: Db;
let dispose: () => Promise<void>;
const { one, run, actorOf } = demoLookups(() => db);
const ctx = { now: new Date("2026-12-01T12:00:00Z") };

beforeAll(async () => {
  process.env.AUTH_SECRET = "unit-test-auth-secret-0123456789abcdef";
  ({ db, dispose } = await createTestDb());
  await seedDemo(db, ctx.now);
});
afterAll(() => dispose());

describe("mailbox grid columns, per person", () => {
  it("a person who chose nothing sees the default set", async () => {
    expect(await getHiddenMailboxColumns(db, await actorOf("evan"))).toEqual(DEFAULT_HIDDEN_MAILBOX_COLUMNS);
  });

  it("a saved choice is that person's alone, kept in the grid's order, and saving again replaces it", async () => {
    await saveHiddenMailboxColumns(db, await actorOf("sam"), { hidden: ["lastTested", "incoming"] }, ctx);
    expect(await getHiddenMailboxColumns(db, await actorOf("sam"))).toEqual(["incoming", "lastTested"]);
    expect(await getHiddenMailboxColumns(db, await actorOf("ava"))).toEqual(DEFAULT_HIDDEN_MAILBOX_COLUMNS);
    await saveHiddenMailboxColumns(db, await actorOf("sam"), { hidden: [] }, ctx);
    expect(await getHiddenMailboxColumns(db, await actorOf("sam"))).toEqual([]);
  });

  it("is not audited: a display preference changes nothing anyone else sees", async () => {
    const events = async () => (await one<{ n: number }>("select count(*) n from audit_events")).n;
    const before = await events();
    await saveHiddenMailboxColumns(db, await actorOf("evan"), { hidden: ["act"] }, ctx);
    expect(await getHiddenMailboxColumns(db, await actorOf("evan"))).toEqual(["act"]);
    expect(await events()).toBe(before);
  });

  it("a stored value that no longer parses (a column since removed) reads as the default", async () => {
    await run(
      "update user_preferences set value = ? where user_id = ?",
      JSON.stringify(["retired-column"]),
      (await actorOf("sam")).id,
    );
    expect(await getHiddenMailboxColumns(db, await actorOf("sam"))).toEqual(DEFAULT_HIDDEN_MAILBOX_COLUMNS);
  });
});
