import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { createTestDb } from "@/db/testing";
import { DEFAULT_HIDDEN_MAILBOX_COLUMNS } from "@/lib/policy/mailbox-columns";
import { demoLookups } from "../testing/demo-lookups";
import { getHiddenMailboxColumns, saveHiddenMailboxColumns } from "./preferences";

let db: Db;
let dispose: () => void;
const { one, actorOf } = demoLookups(() => db);
const ctx = { now: new Date("2026-12-01T12:00:00Z") };

beforeAll(async () => {
  process.env.AUTH_SECRET = "unit-test-auth-secret-0123456789abcdef";
  ({ db, dispose } = createTestDb());
  await seedDemo(db, ctx.now);
});
afterAll(() => dispose());

describe("mailbox grid columns, per person", () => {
  it("a person who chose nothing sees the default set", () => {
    expect(getHiddenMailboxColumns(db, actorOf("evan"))).toEqual(DEFAULT_HIDDEN_MAILBOX_COLUMNS);
  });

  it("a saved choice is that person's alone, kept in the grid's order, and saving again replaces it", () => {
    saveHiddenMailboxColumns(db, actorOf("sam"), { hidden: ["lastTested", "incoming"] }, ctx);
    expect(getHiddenMailboxColumns(db, actorOf("sam"))).toEqual(["incoming", "lastTested"]);
    expect(getHiddenMailboxColumns(db, actorOf("ava"))).toEqual(DEFAULT_HIDDEN_MAILBOX_COLUMNS);
    saveHiddenMailboxColumns(db, actorOf("sam"), { hidden: [] }, ctx);
    expect(getHiddenMailboxColumns(db, actorOf("sam"))).toEqual([]);
  });

  it("is not audited: a display preference changes nothing anyone else sees", () => {
    const events = () => one<{ n: number }>("select count(*) n from audit_events").n;
    const before = events();
    saveHiddenMailboxColumns(db, actorOf("evan"), { hidden: ["act"] }, ctx);
    expect(getHiddenMailboxColumns(db, actorOf("evan"))).toEqual(["act"]);
    expect(events()).toBe(before);
  });

  it("a stored value that no longer parses (a column since removed) reads as the default", () => {
    db.$client
      .prepare("update user_preferences set value = ? where user_id = ?")
      .run(JSON.stringify(["retired-column"]), actorOf("sam").id);
    expect(getHiddenMailboxColumns(db, actorOf("sam"))).toEqual(DEFAULT_HIDDEN_MAILBOX_COLUMNS);
  });
});
