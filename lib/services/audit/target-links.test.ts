import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { demoLookups } from "../testing/demo-lookups";
import type { AuditEventRow } from "./search";
import { findTargetPlaces } from "./target-links";

let db: Db;
let dispose: () => Promise<void>;
const demo = demoLookups(() => db);

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterAll(() => dispose());

let seq = 0;
/** An event as the log returns it; only the fields a link depends on matter here. */
const event = (targetType: string, targetId: number, environmentId: number | null): AuditEventRow =>
  ({ seq: ++seq, action: "Test", environmentId, targetType, targetId: String(targetId) }) as AuditEventRow;

const mailboxOf = async (alias: string, slug = "production") =>
  (
    await demo.one<{ id: number }>(
      "select id from mailboxes where regarding_user_id = ?",
      await demo.envUserId(alias, slug),
    )
  ).id;

/** One event of every kind of target in Production, plus ones whose target is gone or elsewhere. */
async function page() {
  const prod = await demo.PROD();
  const sandbox = await demo.envId("sandbox");
  const team = (await demo.one<{ id: number }>("select id from teams where environment_id = ?", prod)).id;
  const role = (await demo.one<{ id: number }>("select id from security_roles where environment_id = ?", prod)).id;
  return {
    bobsMailbox: event("mailbox", await mailboxOf("bob"), prod),
    danasMailbox: event("mailbox", await mailboxOf("dana"), prod),
    /** Production's mailbox id recorded in Sandbox: not that record. */
    wrongEnvironment: event("mailbox", await mailboxOf("bob"), sandbox),
    gone: event("mailbox", 987_654, prod),
    environmentUser: event("environmentUser", await demo.envUserId("bob"), prod),
    team: event("team", team, prod),
    role: event("securityRole", role, prod),
    person: event("directoryUser", await demo.dirId("bob"), null),
    personGone: event("directoryUser", 987_654, null),
  };
}

describe("findTargetPlaces", () => {
  it("links each target that still exists in the event's environment, with one statement for the page", async () => {
    const events = await page();
    const ava = await demo.actorOf("ava");
    const prepare = vi.spyOn(db.$client, "prepare");
    const places = await findTargetPlaces(db, ava, new Date(), Object.values(events));
    expect(prepare).toHaveBeenCalledTimes(1);
    prepare.mockRestore();
    const at = (e: AuditEventRow) => places.get(e.seq) ?? null;
    const id = (e: AuditEventRow) => Number(e.targetId);
    expect(at(events.bobsMailbox)).toEqual({
      kind: "mailbox",
      id: id(events.bobsMailbox),
      environmentSlug: "production",
    });
    expect(at(events.environmentUser)).toEqual({
      kind: "environmentUser",
      id: id(events.environmentUser),
      environmentSlug: "production",
    });
    expect(at(events.team)).toEqual({
      kind: "team",
      id: id(events.team),
      environmentSlug: "production",
    });
    expect(at(events.role)).toEqual({
      kind: "securityRole",
      id: id(events.role),
      environmentSlug: "production",
    });
    expect(at(events.person)).toEqual({ kind: "directoryUser", id: id(events.person) });
    expect(at(events.wrongEnvironment)).toBeNull();
    expect(at(events.gone)).toBeNull();
    expect(at(events.personGone)).toBeNull();
    expect(places.size).toBe(6);
  });

  it("links a Basic User only to their own mailbox, still in one statement", async () => {
    const events = await page();
    const bob = await demo.actorOf("bob");
    const prepare = vi.spyOn(db.$client, "prepare");
    const places = await findTargetPlaces(db, bob, new Date(), Object.values(events));
    expect(prepare).toHaveBeenCalledTimes(1);
    prepare.mockRestore();
    expect([...places.keys()]).toEqual([events.bobsMailbox.seq]);
  });

  it("asks nothing for events without a linkable target", async () => {
    const ava = await demo.actorOf("ava");
    const prepare = vi.spyOn(db.$client, "prepare");
    const places = await findTargetPlaces(db, ava, new Date(), [
      { seq: 1, action: "SignInSucceeded", environmentId: null, targetType: null, targetId: null } as AuditEventRow,
    ]);
    expect(prepare).not.toHaveBeenCalled();
    prepare.mockRestore();
    expect(places.size).toBe(0);
  });
});
