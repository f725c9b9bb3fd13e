import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "./testing";
import { isTransientDbError } from "./errors";
import { withTransaction } from "./transaction";
import type { Db } from "./client";

let db: Db;
let dispose: () => Promise<void>;
beforeEach(async () => {
  ({ db, dispose } = await createTestDb());
  db.$client.exec("create table t (n integer)");
});
afterEach(() => dispose());

const rows = () => db.$client.prepare("select n from t order by rowid").pluck().all();
const insert = (n: number) => db.$client.prepare("insert into t values (?)").run(n);

describe("withTransaction", () => {
  it("commits what the work did when it resolves, and returns its result", async () => {
    const result = await withTransaction(db, async () => {
      insert(1);
      insert(2);
      return "done";
    });
    expect(result).toBe("done");
    expect(rows()).toEqual([1, 2]);
    expect(db.$client.inTransaction).toBe(false);
  });

  it("keeps nothing of work that throws, and throws its error", async () => {
    await expect(
      withTransaction(db, async () => {
        insert(1);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(rows()).toEqual([]);
    expect(db.$client.inTransaction).toBe(false);
  });

  it("takes the write lock at the start: another connection cannot write before the first statement", async () => {
    const other = new Database(db.$client.name, { timeout: 0 });
    try {
      await withTransaction(db, async () => {
        expect(() => other.prepare("insert into t values (9)").run()).toThrow(/locked|busy/i);
      });
      other.prepare("insert into t values (9)").run();
      expect(rows()).toEqual([9]);
    } finally {
      other.close();
    }
  });

  it("with lockWaitMs, waits that long for another connection's write lock, fails busy, and keeps the connection's own wait", async () => {
    const other = new Database(db.$client.name);
    const busyTimeout = () => db.$client.pragma("busy_timeout", { simple: true });
    const before = busyTimeout();
    other.exec("begin immediate");
    try {
      const error = await withTransaction(db, async () => insert(1), { lockWaitMs: 0 }).catch((e: unknown) => e);
      expect(isTransientDbError(error)).toBe(true);
      expect(busyTimeout()).toBe(before);
      other.exec("commit");
      await withTransaction(db, async () => insert(2), { lockWaitMs: 0 });
      expect(rows()).toEqual([2]);
    } finally {
      if (other.inTransaction) other.exec("rollback");
      other.close();
    }
  });

  it("runs transactions started together one after the other, each whole", async () => {
    const order: string[] = [];
    const work = (name: string) =>
      withTransaction(db, async () => {
        order.push(`${name} begins`);
        insert(order.length);
        await Promise.resolve();
        order.push(`${name} ends`);
      });
    await Promise.all([work("a"), work("b"), work("c")]);
    expect(order).toEqual(["a begins", "a ends", "b begins", "b ends", "c begins", "c ends"]);
    expect(rows()).toHaveLength(3);
  });

  it("makes a transaction inside another a savepoint: its failure undoes only its own work", async () => {
    await withTransaction(db, async () => {
      insert(1);
      await expect(
        withTransaction(db, async () => {
          insert(2);
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
      await withTransaction(db, async () => insert(3));
    });
    expect(rows()).toEqual([1, 3]);
  });

  it("rolls back work that awaited more than its statements: another request could have run inside it", async () => {
    await expect(
      withTransaction(db, async () => {
        insert(1);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }),
    ).rejects.toThrow(/awaited more than its statements/);
    expect(rows()).toEqual([]);
    expect(db.$client.inTransaction).toBe(false);
  });

  it("a failed transaction does not hold up the ones queued behind it", async () => {
    const failing = withTransaction(db, async () => {
      insert(1);
      throw new Error("first fails");
    });
    const next = withTransaction(db, async () => insert(2));
    await expect(failing).rejects.toThrow("first fails");
    await next;
    expect(rows()).toEqual([2]);
  });
});
