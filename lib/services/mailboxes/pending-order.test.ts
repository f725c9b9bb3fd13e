import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { demoLookups } from "../testing/demo-lookups";
import { listMailboxes } from "./grid";

// Issue 17: the Pending view opens oldest-waiting first, by keyset on (pending_since, id) over the
// partial index of pending mailboxes: no temporary sort, whichever page.
let db: Db;
let dispose: () => Promise<void>;
const { PROD } = demoLookups(() => db);
beforeAll(async () => ({ db, dispose } = await createTestDb({ demo: true })));
afterAll(() => dispose());

const base = {
  view: "pending",
  q: "",
  dir: "asc",
  after: null,
  before: null,
  sort: "pendingSince",
  ownEnvironmentUserId: null,
} as const;

it("pages Pending oldest first, the next page continuing where the last stopped", async () => {
  const first = await listMailboxes(db, { ...base, environmentId: await PROD(), limit: 5 });
  const times = first.rows.map((r) => r.pendingSince!.getTime());
  expect(times).toEqual([...times].sort((a, b) => a - b));
  const last = first.rows.at(-1)!;
  const next = await listMailboxes(db, {
    ...base,
    environmentId: await PROD(),
    limit: 5,
    after: [last.pendingSince!.getTime(), last.id],
  });
  expect(next.rows[0]!.pendingSince!.getTime()).toBeGreaterThanOrEqual(last.pendingSince!.getTime());
  expect(next.rows.map((r) => r.id)).not.toContain(last.id);
});

it("reads the page through the pending index, without a temporary sort", async () => {
  const plan = db.$client
    .prepare(
      `EXPLAIN QUERY PLAN SELECT id FROM mailboxes WHERE environment_id = ? AND is_active = 1 AND email_status IN (0, 2)
       AND (pending_since, id) > (?, ?) ORDER BY pending_since, id LIMIT 51`,
    )
    .all(await PROD(), 0, 0) as { detail: string }[];
  const details = plan.map((p) => p.detail).join("\n");
  expect(details).toContain("mailboxes_env_pending_since_ix");
  expect(details).not.toContain("TEMP B-TREE");
});
