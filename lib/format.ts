/**
 * Dates as admins read them: in the viewer's time zone (resolved from the cookie by the server,
 * handed to the browser by components/local-time.tsx, so both render the same text) with the
 * zone's name, or in UTC where no viewer is known (notification bodies, audit messages).
 */
import { DEFAULT_TIME_ZONE } from "@/lib/time/zone";

type Value = Date | number | null | undefined;
type Kind = "date" | "dateTime" | "time";

const OPTIONS: Record<Kind | "zoneName", Intl.DateTimeFormatOptions> = {
  date: { day: "numeric", month: "short", year: "numeric" },
  dateTime: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  time: { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" },
  zoneName: { timeZoneName: "short" },
};

// Keyed by the options' name: a grid page formats 100–200 moments, and stringifying the options
// for each lookup cost as much as the formatting (issue 20).
const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, zone: string, options: keyof typeof OPTIONS): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${options}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, { ...OPTIONS[options], timeZone: zone })));
  return f;
}

/** Locales whose short zone names are abbreviations people know, each for its own region. */
const NAMING_LOCALES = ["en-GB", "en-US", "en-IN", "en-AU"];

/**
 * The zone's short name at that instant, DST included: CEST, PDT, IST, AEST; where no locale has
 * an abbreviation for it, the offset (GMT+9).
 */
export function zoneName(value: Date | number, zone: string): string {
  // Every UTC tooltip and every viewer without a zone: no daylight saving, so no need to ask ICU
  // (formatToParts in up to four locales was most of the cost of a formatted moment; issue 20).
  if (zone === "UTC") return "UTC";
  let offset = zone;
  for (const locale of NAMING_LOCALES) {
    const name = formatter(locale, zone, "zoneName")
      .formatToParts(value)
      .find((p) => p.type === "timeZoneName")?.value;
    if (!name) continue;
    if (!/^GMT[+-]/.test(name)) return name;
    if (offset === zone) offset = name;
  }
  return offset;
}

function format(kind: Kind, value: Date | number, zone: string): string {
  const text = formatter("en-GB", zone, kind).format(value);
  return kind === "date" ? text : `${text} ${zoneName(value, zone)}`;
}

/** A day, e.g. "30 Jun 2030", as the day falls in `zone`. */
export function formatDate(value: Value, zone = DEFAULT_TIME_ZONE): string {
  return value == null ? "—" : format("date", value, zone);
}

/** A moment to the minute with the zone's name, e.g. "30 Jun 2030, 18:00 EDT". */
export function formatDateTime(value: Value, zone = DEFAULT_TIME_ZONE): string {
  return value == null ? "—" : format("dateTime", value, zone);
}

/** A time of day to the second, e.g. when a background check last ran. */
export function formatTime(value: Date | number, zone = DEFAULT_TIME_ZONE): string {
  return format("time", value, zone);
}

/** The same moment in UTC, for the tooltip beside a local time. */
export function formatUtc(value: Date | number, kind: Kind = "dateTime"): string {
  return format(kind === "date" ? "dateTime" : kind, value, "UTC");
}

/** How long something has waited, in its largest whole unit: "3 days", "5 hours", "under a minute". */
export function formatAge(ms: number): string {
  const units: [number, string][] = [
    [24 * 3_600_000, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? "" : "s"}`;
  }
  return "under a minute";
}
