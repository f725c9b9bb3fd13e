import { expect, request, test } from "@playwright/test";
import Database from "better-sqlite3";
import { upn } from "../helpers";
import { serveCopyOfE2eDatabase, type CopyServer } from "./audit-copy";
import { callAction, signInOver } from "./server-actions";

const VERIFY = { file: "app/(portal)/audit/actions.ts", name: "verifyAuditChainAction" };

type Verified = {
  status: string;
  verdict: { intact: boolean; events: number; lastTrustworthySeq: number; problems: { kind: string; seq: number }[] };
};

let copy: CopyServer | null = null;
test.afterEach(async () => {
  await copy?.stop();
  copy = null;
});

test("Verify integrity, replayed over HTTP, finds an event edited in the database file", async () => {
  test.setTimeout(120_000);
  copy = await serveCopyOfE2eDatabase();
  const client = await request.newContext({
    baseURL: copy.baseURL,
    extraHTTPHeaders: { Origin: copy.baseURL, "X-Forwarded-For": "198.51.100.212" },
  });
  await signInOver(client, upn("ava"), "Contoso-Demo-1");
  const verify = async () => (await callAction(client, VERIFY, [], "/audit")).value as Verified;

  const before = await verify();
  expect(before).toMatchObject({ status: "done", verdict: { intact: true, problems: [] } });

  // Someone with the file edits the newest event of the copy (how many there are depends on the
  // specs running beside this one), the app's triggers dropped first.
  const raw = new Database(copy.file);
  raw.exec("DROP TRIGGER audit_events_no_update");
  const { seq } = raw.prepare("SELECT max(seq) AS seq FROM audit_events").get() as { seq: number };
  raw.prepare("UPDATE audit_events SET actor_upn = 'mallory@contoso.com' WHERE seq = ?").run(seq);
  raw.close();

  const after = await verify();
  expect(after).toMatchObject({
    status: "done",
    verdict: { intact: false, lastTrustworthySeq: seq - 1, problems: [{ kind: "edited", seq }] },
  });
  await client.dispose();
});
