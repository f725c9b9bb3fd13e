/**
 * The viewer's time zone: the browser reports it (`Intl…resolvedOptions().timeZone`) into a
 * cookie, and the server trusts only names this runtime knows, so a forged cookie cannot throw
 * inside a formatter. Shared by the server (cookie reading) and the browser (cookie writing).
 */
export const TIME_ZONE_COOKIE = "mailgate-tz";
export const DEFAULT_TIME_ZONE = "UTC";

let known: Set<string> | null = null;
const knownZones = () => (known ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC"]));

/**
 * The zone named by `value` when this runtime knows it, else UTC. A browser may report an alias
 * (Asia/Kolkata) where the runtime's list holds the canonical name (Asia/Calcutta): both count.
 */
export function resolveTimeZone(value: string | null | undefined): string {
  if (!value || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return DEFAULT_TIME_ZONE;
  if (knownZones().has(value)) return value;
  try {
    const canonical = new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
    return knownZones().has(canonical) ? value : DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** How far `zone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock date and time (`2030-06-30`, `18:00`) names in `zone`. In the hour a
 * spring-forward skips, the clock reading is taken with the offset before the change (02:30 in
 * Berlin on the last Sunday of March is 03:30 CEST); in the hour a fall-back repeats, the earlier
 * of the two instants. Null when the date or time is not one.
 */
export function wallClockToInstant(date: string, time: string, zone: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute, second] = [d[1], d[2], d[3], t[1], t[2], t[3] ?? "0"].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  const before = offsetAt(wall - offsetAt(wall, zone) - 3_600_000 * 3, zone);
  const after = offsetAt(wall - offsetAt(wall, zone) + 3_600_000 * 3, zone);
  // Of the offsets in force around this reading, take the first that maps back onto it.
  for (const offset of [before, after]) {
    const instant = wall - offset;
    if (offsetAt(instant, zone) === offset) return new Date(instant);
  }
  return new Date(wall - before);
}
