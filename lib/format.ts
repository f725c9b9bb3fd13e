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
