/** What e2e/fixtures/time-zone-environment.ts adds, as e2e/time-zones.spec.ts reads it. */
export const TIME_ZONES = {
  name: "Contoso Time Zones",
  slug: "time-zones",
  /** When Ava's mailbox there was approved: 12:00 UTC is 17:30 in Kolkata (IST, no DST). */
  approvedAt: "2026-07-01T12:00:00.000Z",
  delegate: { name: "Dana Diaz", upn: "dana@contoso.com" },
  /**
   * Two System Administrators there of the column-chooser spec's own (signed in through the form),
   * so the columns one hides never change what a kept persona's grid shows to other specs.
   */
  columns: {
    hider: { alias: "tz-hana", name: "Hana Hider" },
    other: { alias: "tz-otto", name: "Otto Other" },
  },
} as const;
