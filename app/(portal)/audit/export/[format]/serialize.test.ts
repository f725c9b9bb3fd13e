import { describe, expect, it } from "vitest";
import type { AuditEventRow } from "@/lib/services/audit/queries";
import { csvField, exportStream } from "./serialize";

const event = (seq: number, extra: Partial<AuditEventRow> = {}): AuditEventRow => ({
  seq,
  at: new Date(Date.UTC(2026, 2, 1, 12, 0, seq)),
  actorId: 1,
  actorUpn: "ava@contoso.com",
  action: "RoleAssigned",
  environmentId: 1,
  targetType: "environmentUser",
  targetId: "34",
  targetLabel: "Drew Davis <user34@contoso.com>",
  before: null,
  after: JSON.stringify({ role: "Delegated Mailbox Approver" }),
  reason: "Covers onboarding",
  clientIp: "10.0.0.1",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
  tokenId: null,
  tokenName: null,
  prevHash: "0".repeat(64),
  hash: "a".repeat(64),
  ...extra,
});

const NAMES = new Map([[1, "Contoso Production"]]);

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** A strict RFC 4180 reader, to check that what we write reads back as the same values. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (quoted && c === '"' && next === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(field);
      field = "";
    } else if (!quoted && c === "\r" && next === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

describe("CSV fields", () => {
  it.each([
    [null, ""],
    [42, "42"],
    ["plain", "plain"],
    ["a, b", '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["carriage\rreturn", '"carriage\rreturn"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
  ] as const)("%j is written as %j", (value, written) => {
    expect(csvField(value)).toBe(written);
  });
});

describe("the export stream", () => {
  it("writes a header and one CSV line per event that reads back as the same values", async () => {
    const tricky = event(2, {
      reason: 'Covers "Q1", then\nQ2',
      targetLabel: "Smith, Jane",
      environmentId: null,
      actorUpn: null,
      actorId: null,
    });
    const text = await read(exportStream([event(3), tricky].values(), "csv", NAMES, () => {}));
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      "seq",
      "at_utc",
      "actor_upn",
      "actor_id",
      "action",
      "action_label",
      "environment",
      "environment_id",
      "target_type",
      "target_type_label",
      "target_id",
      "target_label",
      "reason",
      "before",
      "after",
      "client_ip",
      "user_agent",
      "token_id",
      "token_name",
      "prev_hash",
      "hash",
    ]);
    expect(rows[1]!.slice(0, 8)).toEqual([
      "3",
      "2026-03-01T12:00:03.000Z",
      "ava@contoso.com",
      "1",
      "RoleAssigned",
      "Role assigned",
      "Contoso Production",
      "1",
    ]);
    expect(rows[1]![14]).toBe('{"role":"Delegated Mailbox Approver"}');
    expect(rows[2]!.slice(2, 13)).toEqual([
      "",
      "",
      "RoleAssigned",
      "Role assigned",
      "",
      "",
      "environmentUser",
      "Environment user",
      "34",
      "Smith, Jane",
      'Covers "Q1", then\nQ2',
    ]);
    expect(rows).toHaveLength(3);
  });

  it("writes a JSON array with before and after as objects, across many chunks", async () => {
    const events = Array.from({ length: 450 }, (_, i) => event(450 - i));
    const parsed = JSON.parse(await read(exportStream(events.values(), "json", NAMES, () => {})));
    expect(parsed).toHaveLength(450);
    expect(parsed[0]).toMatchObject({
      seq: 450,
      at: "2026-03-01T12:07:30.000Z",
      environmentName: "Contoso Production",
      before: null,
      after: { role: "Delegated Mailbox Approver" },
    });
    expect(JSON.parse(await read(exportStream([].values(), "json", NAMES, () => {})))).toEqual([]);
  });

  it("releases its source once, when read to the end or when the download is cancelled", async () => {
    let ended = 0;
    await read(exportStream([event(1)].values(), "csv", NAMES, () => void ended++));
    expect(ended).toBe(1);

    let isClosed = false;
    function* endless() {
      try {
        for (let seq = 1; ; seq++) yield event(seq);
      } finally {
        isClosed = true;
      }
    }
    const reader = exportStream(endless(), "csv", NAMES, () => void ended++).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(isClosed).toBe(true);
    expect(ended).toBe(2);
  });
});
