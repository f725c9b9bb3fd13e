import { formatDate, formatDateTime, formatTime, formatUtc } from "@/lib/format";

/**
 * A moment written out on the server for the viewer: the browser only shows these strings, so
 * server render and hydration cannot disagree (a browser's ICU names zones its own way).
 */
export type TimeText = { iso: string; local: string; utc: string };
export type TimeKind = "date" | "dateTime" | "time";

const LOCAL = { date: formatDate, dateTime: formatDateTime, time: formatTime } as const;

export function timeText(value: Date | number, zone: string, kind: TimeKind = "dateTime"): TimeText {
  const date = new Date(value);
  const utc = formatUtc(date, kind);
  // A viewer in UTC reads a moment with its time of day as its UTC text: formatted once (a grid page
  // formats 50–100 moments).
  return { iso: date.toISOString(), local: zone === "UTC" && kind !== "date" ? utc : LOCAL[kind](date, zone), utc };
}

export const optionalTimeText = (value: Date | number | null | undefined, zone: string, kind?: TimeKind) =>
  value == null ? null : timeText(value, zone, kind);
