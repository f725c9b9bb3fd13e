/** A due date is a day: the review applies at the end of it, UTC (the portal shows every time in UTC). */
export function endOfUtcDay(isoDate: string): Date {
  return new Date(`${isoDate}T23:59:59.999Z`);
}

/** The form's default: two weeks from today, as the date input writes it. */
export function defaultDueDate(now: Date): string {
  return new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
}
