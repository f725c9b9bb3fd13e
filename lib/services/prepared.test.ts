import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { prepare } from "@/db/query";
import { environments, teams } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { withTransaction } from "@/db/transaction";
import { preparedOnce } from "./prepared";

// A kept statement runs where the caller is: inside a transaction on the transaction's connection,
// so it reads what the transaction wrote before its commit. On PostgreSQL a statement built outside
// runs on the pool, one built inside on the connection the pool lent the transaction, and the
// later transactions that get that connection again reuse it instead of building it anew.

let db: Db;
let dispose: () => Promise<void>;
let environmentId: number;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  environmentId = (await db.select({ id: environments.id }).from(environments).limit(1))[0]!.id;
});
afterAll(async () => await dispose());

function prepareTeamCount(db: Db) {
  return prepare(
    db
      .select({ n: count() })
      .from(teams)
      .where(eq(teams.name, sql.placeholder("name"))),
  );
}
const teamsNamed = async (name: string) => Number((await preparedOnce(db, prepareTeamCount).get({ name }))!.n);

class RolledBack extends Error {}
/** Adds a team named `name` in a transaction, reads through the kept statement, then rolls back. */
async function seenInsideTransaction(name: string): Promise<{ seen: number; statement: unknown }> {
  let found = { seen: -1, statement: null as unknown };
  await withTransaction(db, async () => {
    await db.insert(teams).values({ environmentId, name, type: "owner", createdAt: new Date() });
    found = { seen: await teamsNamed(name), statement: preparedOnce(db, prepareTeamCount) };
    throw new RolledBack();
  }).catch((error: unknown) => {
    if (!(error instanceof RolledBack)) throw error;
  });
  return found;
}

describe("statements kept per connection", () => {
  it("a statement kept outside a transaction does not stand in for the transaction's own", async () => {
    expect(await teamsNamed("Kept 1")).toBe(0);
    expect((await seenInsideTransaction("Kept 1")).seen).toBe(1);
    expect(await teamsNamed("Kept 1")).toBe(0);
  });

  it("transactions one after another read their own writes through the statement, kept once", async () => {
    const runs = [];
    for (const name of ["Kept 2", "Kept 3", "Kept 4"]) runs.push(await seenInsideTransaction(name));
    expect(runs.map((r) => r.seen)).toEqual([1, 1, 1]);
    // One after another, the pool lends the same connection: the statement built in the first is the one used after.
    expect(new Set(runs.map((r) => r.statement)).size).toBe(1);
  });
});
