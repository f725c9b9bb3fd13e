import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getTableColumns } from "drizzle-orm";
import type { Db } from "@/db/client";
import { notifications } from "@/db/schema";
import { instant } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import { withTransaction } from "@/db/transaction";
import { demoLookups } from "./testing/demo-lookups";
import { insertMany, insertSpec } from "./insert-many";

// insertMany writes the rows it is given, in their order, whatever their number: on SQLite in
// statements of 100, 10 and 1 rows, on PostgreSQL as JSON in statements of up to 5,000. 5,111 rows
// cross every one of those sizes. What it reads back, and what it counts as new, are the rows a
// conflict did not skip.

let db: Db;
let dispose: () => Promise<void>;
const { all, run, dirId } = demoLookups(() => db);
const at = new Date("2026-12-03T12:00:00.123Z");

beforeAll(async () => ({ db, dispose } = await createTestDb({ demo: true })));
afterAll(async () => await dispose());
beforeEach(async () => {
  await run("delete from email_outbox");
  await run("delete from notifications");
});

type Row = typeof notifications.$inferSelect;
const COLUMNS = (Object.keys(getTableColumns(notifications)) as (keyof Row)[]).filter((c) => c !== "id");
const PLAIN = insertSpec(notifications, COLUMNS, { onConflictDoNothing: true });
const WITH_IDS = insertSpec(notifications, COLUMNS, {
  onConflictDoNothing: true,
  returning: { id: "id", key: "dedupeKey" },
});

/** `count` notices for one recipient, keys k:from… in order; `title` for the first. */
function values(recipientId: number, from: number, count: number, title = "A notice"): unknown[] {
  const out: unknown[] = [];
  for (let i = from; i < from + count; i++) {
    const row: Omit<Row, "id"> = {
      recipientId,
      kind: "mailbox-decision",
      subjectType: "mailbox",
      subjectId: String(i),
      title: i === from ? title : `Notice ${i} with "quotes", a \\ and a line\nbreak`,
      body: "Body.",
      href: i % 2 ? null : `/my-mailbox?n=${i}`,
      linkLabel: null,
      dedupeKey: `k:${i}`,
      createdAt: at,
      readAt: i % 3 ? null : at,
    };
    for (const column of COLUMNS) out.push(row[column] instanceof Date ? instant(row[column] as Date) : row[column]);
  }
  return out;
}

type Stored = { id: number; subject_id: string; title: string; href: string | null; dedupe_key: string; read: unknown };
const stored = () =>
  all<Stored>(
    "select id, subject_id, title, href, dedupe_key, read_at is not null as read from notifications order by id",
  );

describe("insertMany", () => {
  it("writes 5,111 rows in the order given, every value as given, and counts them", async () => {
    const bob = await dirId("bob");
    const { added, rows } = await withTransaction(db, () => insertMany(db, PLAIN, values(bob, 0, 5111)));
    expect(added).toBe(5111);
    expect(rows).toEqual([]);
    const written = await stored();
    expect(written.map((r) => r.dedupe_key)).toEqual(Array.from({ length: 5111 }, (_, i) => `k:${i}`));
    expect(written[5000]).toMatchObject({
      subject_id: "5000",
      title: 'Notice 5000 with "quotes", a \\ and a line\nbreak',
      href: "/my-mailbox?n=5000",
    });
    expect(written[5001]!.href).toBeNull();
    expect(written.filter((r) => Boolean(r.read)).length).toBe(Math.ceil(5111 / 3));
    const { created } = (await all<{ created: unknown }>("select min(created_at) as created from notifications"))[0]!;
    expect(new Date(created as string | number | Date).getTime()).toBe(at.getTime());
  });

  it("skips what conflicts, in one call and across calls, and reads back only the new rows", async () => {
    const bob = await dirId("bob");
    await insertMany(db, PLAIN, values(bob, 0, 3));
    // k:2 … k:5111 again in one call with k:1 … k:3 already there: 5,109 new.
    const again = [...values(bob, 1, 5111), ...values(bob, 5, 1)];
    const { added, rows } = await insertMany<{ id: number; key: string }>(db, WITH_IDS, again);
    expect(added).toBe(5109);
    expect(rows.map((r) => r.key)).toEqual(Array.from({ length: 5109 }, (_, i) => `k:${i + 3}`));
    const ids = new Map((await stored()).map((r) => [r.dedupe_key, r.id]));
    expect(rows.every((r) => ids.get(r.key) === r.id)).toBe(true);
    expect(ids.size).toBe(5112);
  });

  it("stores a lone surrogate as U+FFFD, as the driver stores a value bound on its own", async () => {
    const bob = await dirId("bob");
    expect((await insertMany(db, PLAIN, values(bob, 0, 2, "Broken \ud800 title"))).added).toBe(2);
    expect((await stored())[0]!.title).toBe("Broken \ufffd title");
  });

  it("writes nothing for no rows", async () => {
    expect(await insertMany(db, WITH_IDS, [])).toEqual({ added: 0, rows: [] });
    expect(await stored()).toEqual([]);
  });
});
