import { z } from "zod";
import type { AuditCursor, AuditFilters } from "@/lib/services/audit/search";
import { REFUSED_ATTEMPTS } from "./refused-attempts";

/** The audit page's URL: the filters (shared with the export links), the page cursor and the open event. */

export { REFUSED_ATTEMPTS };

const FILTER_KEYS = ["actor", "action", "environment", "targetType", "target", "from", "to", "q"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterValues = Partial<Record<FilterKey, string>>;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const text = z.preprocess(blankToUndefined, z.string().trim().max(200, "Use at most 200 characters.").optional());
const day = z.preprocess(blankToUndefined, z.iso.date("Enter a date as YYYY-MM-DD.").optional());
const id = z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional());

const FilterInput = z
  .object({ actor: text, action: text, environment: id, targetType: text, target: text, from: day, to: day, q: text })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "To must be on or after From." });

// A cursor or event number that does not parse is dropped: that shows the newest page, never hides a filter.
const Navigation = z.object({ before: id.catch(undefined), after: id.catch(undefined), event: id.catch(undefined) });

export type AuditQuery = {
  values: FilterValues;
  /** Null when a filter is invalid: nothing is searched rather than searching without it. */
  filters: AuditFilters | null;
  errors: Partial<Record<FilterKey, string>>;
  cursor: AuditCursor;
  event: number | undefined;
};

const DAY_MS = 24 * 60 * 60 * 1000;

export function parseAuditQuery(raw: Record<string, string | string[] | undefined>): AuditQuery {
  const first = (key: string) => (Array.isArray(raw[key]) ? raw[key][0] : raw[key]);
  const values: FilterValues = {};
  for (const key of FILTER_KEYS) {
    const value = first(key);
    if (value) values[key] = value;
  }
  const navigation = Navigation.parse({ before: first("before"), after: first("after"), event: first("event") });
  const cursor = { before: navigation.before, after: navigation.before === undefined ? navigation.after : undefined };
  const parsed = FilterInput.safeParse(values);
  if (!parsed.success) {
    const errors: AuditQuery["errors"] = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as FilterKey] ??= issue.message;
    return { values, filters: null, errors, cursor, event: navigation.event };
  }
  const f = parsed.data;
  const filters: AuditFilters = {
    actor: f.actor,
    action: f.action === REFUSED_ATTEMPTS ? undefined : f.action,
    isRefused: f.action === REFUSED_ATTEMPTS || undefined,
    environmentId: f.environment,
    targetType: f.targetType,
    target: f.target,
    // Dates are whole UTC days: From from its first instant, To up to the end of that day.
    from: f.from ? new Date(`${f.from}T00:00:00Z`) : undefined,
    to: f.to ? new Date(new Date(`${f.to}T00:00:00Z`).getTime() + DAY_MS) : undefined,
    q: f.q,
  };
  return { values, filters, errors: {}, cursor, event: navigation.event };
}

/** The audit page's address with these filters and, optionally, a cursor or an open event. */
export function auditHref(
  values: FilterValues,
  extra: { before?: number; after?: number; event?: number } = {},
  path = "/audit",
): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (values[key]) params.set(key, values[key]);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) params.set(key, String(value));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function exportHref(values: FilterValues, format: "csv" | "json"): string {
  return auditHref(values, {}, `/audit/export/${format}`);
}
