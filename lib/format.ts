/** Dates as admins read them, the same on the server and in the browser (UTC, so renders never differ). */
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

export function formatDate(value: Date | number | null | undefined): string {
  return value == null ? "—" : DATE.format(value);
}

export function formatDateTime(value: Date | number | null | undefined): string {
  return value == null ? "—" : DATE_TIME.format(value);
}

const TIME = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

/** A time of day to the second (UTC), e.g. when a background check last ran. */
export function formatTime(value: Date | number): string {
  return TIME.format(value);
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
