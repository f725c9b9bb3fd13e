import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { flag } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import { demoLookups } from "../testing/demo-lookups";
import { countUsableBreakGlass, setBreakGlass } from "./break-glass";

let db: Db;
let dispose: () => Promise<void>;
const { one, all, run, actorOf } = demoLookups(() => db);
beforeEach(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterEach(() => dispose());

const user = (alias: string) =>
  one<{ id: number; version: number; is_break_glass: number | boolean }>(
    "select id, version, is_break_glass from directory_users where upn = ?",
    `${alias}@contoso.com`,
  );
const mark = async (by: string, alias: string, isBreakGlass = true) =>
  await setBreakGlass(db, {
    actor: await actorOf(by),
    origin: { clientIp: "203.0.113.5", userAgent: "vitest" },
    userId: (await user(alias)).id,
    version: (await user(alias)).version,
    isBreakGlass,
  });
const events = () =>
  all(
    "select action, actor_upn, target_label, before, after from audit_events where action like 'BreakGlass%' order by seq",
  );

describe("break-glass accounts", () => {
  it("a Global Administrator marks a Global Administrator's account, audited with before and after; it then counts", async () => {
    expect(await countUsableBreakGlass(db)).toBe(0);
    expect(await mark("ava", "ava")).toMatchObject({ ok: true });
    expect((await user("ava")).is_break_glass).toBe(flag(true));
    expect(await countUsableBreakGlass(db)).toBe(1);
    expect(await events()).toEqual([
      {
        action: "BreakGlassMarked",
        actor_upn: "ava@contoso.com",
        target_label: "ava@contoso.com",
        before: '{"isBreakGlass":false}',
        after: '{"isBreakGlass":true}',
      },
    ]);
    expect(await mark("ava", "ava", false)).toMatchObject({ ok: true });
    expect(await countUsableBreakGlass(db)).toBe(0);
    expect(await events()).toHaveLength(2);
  });

  it("an Exchange Administrator is refused and nothing changes", async () => {
    expect(await mark("evan", "ava")).toMatchObject({ ok: false, code: "0x80040220", reason: "NOT_GLOBAL_ADMIN" });
    expect((await user("ava")).is_break_glass).toBe(flag(false));
    expect(await events()).toEqual([]);
  });

  it("only a Global Administrator's account can be marked", async () => {
    expect(await mark("ava", "bob")).toMatchObject({ ok: false, reason: "NOT_GLOBAL_ADMIN_ACCOUNT" });
  });

  it("a disabled break-glass account does not count", async () => {
    await mark("ava", "ava");
    await run("update directory_users set is_enabled = ? where upn = 'ava@contoso.com'", flag(false));
    expect(await countUsableBreakGlass(db)).toBe(0);
  });
});
