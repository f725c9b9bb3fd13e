import { actionLabel, targetTypeLabel } from "@/lib/policy/audit-names";
import type { AuditEventRow } from "@/lib/services/audit/queries";
import { recordStream } from "@/lib/http/record-stream";

/** Turns audit events into CSV or JSON text, chunk by chunk, for a streamed download. */

export type ExportFormat = "csv" | "json";
export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

// `at` is ISO 8601 in UTC whatever the viewer's zone, and its column name says so.
const CSV_HEADER = [
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
];

/**
 * One RFC 4180 field. Text that a spreadsheet would run as a formula (= + - @, tab, CR) gets a
 * leading apostrophe: reasons and labels are typed by people. The JSON export stays exact.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (values: (string | number | null)[]) => `${values.map(csvField).join(",")}\r\n`;

function csvRecord(e: AuditEventRow, environmentName: string | null) {
  return csvLine([
    e.seq,
    e.at.toISOString(),
    e.actorUpn,
    e.actorId,
    e.action,
    actionLabel(e.action),
    environmentName,
    e.environmentId,
    e.targetType,
    e.targetType === null ? null : targetTypeLabel(e.targetType),
    e.targetId,
    e.targetLabel,
    e.reason,
    e.before,
    e.after,
    e.clientIp,
    e.userAgent,
    e.tokenId,
    e.tokenName,
    e.prevHash,
    e.hash,
  ]);
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function jsonRecord(e: AuditEventRow, environmentName: string | null) {
  return JSON.stringify({
    ...e,
    at: e.at.toISOString(),
    actionLabel: actionLabel(e.action),
    targetTypeLabel: e.targetType === null ? null : targetTypeLabel(e.targetType),
    environmentName,
    before: parseJson(e.before),
    after: parseJson(e.after),
  });
}

/** The audit log as CSV or a JSON array, streamed (lib/http/record-stream.ts); `onEnd` runs once, however it ends. */
export function exportStream(
  rows: Iterator<AuditEventRow> | AsyncIterator<AuditEventRow>,
  format: ExportFormat,
  environmentNames: ReadonlyMap<number, string>,
  onEnd: () => void | Promise<void>,
): ReadableStream<Uint8Array> {
  const nameOf = (e: AuditEventRow) =>
    e.environmentId === null ? null : (environmentNames.get(e.environmentId) ?? null);
  if (format === "csv")
    return recordStream(rows, { head: csvLine(CSV_HEADER), record: (e) => csvRecord(e, nameOf(e)) }, onEnd);
  return recordStream(
    rows,
    {
      head: "[",
      record: (e, index) => `${index === 0 ? "\n" : ",\n"}${jsonRecord(e, nameOf(e))}`,
      tail: (count) => (count === 0 ? "]\n" : "\n]\n"),
    },
    onEnd,
  );
}
