import { z } from "zod";
import { MAX_DELEGATION_DAYS_LIMIT } from "@/lib/policy/delegation-terms";
import { DELEGATION_SORTS, DELEGATION_STATES, type DelegationQuery } from "@/lib/services/delegation/delegation-list";

/**
 * The page's filters as they travel in its address, so a view can be shared and exported. Anything
 * odd (an array, a negative number, an unknown sort) falls back to the default rather than failing.
 */
const days = z.coerce.number().int().min(1).max(MAX_DELEGATION_DAYS_LIMIT).nullable().catch(null);
const Query = z.object({
  env: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .nullable()
    .catch(null),
  state: z.enum(DELEGATION_STATES).catch("all"),
  expiring: days,
  unused: days,
  q: z.string().trim().max(200).catch(""),
  sort: z.enum(DELEGATION_SORTS).catch("holder"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type DelegationsView = z.output<typeof Query>;

type Raw = Record<string, string | string[] | undefined>;

export function parseDelegationsQuery(raw: Raw): DelegationsView {
  const first = (key: string) => {
    const value = raw[key];
    return Array.isArray(value) ? undefined : value === "" ? undefined : value;
  };
  return Query.parse({
    env: first("env") ?? null,
    state: first("state"),
    expiring: first("expiring") ?? null,
    unused: first("unused") ?? null,
    q: first("q") ?? "",
    sort: first("sort"),
    dir: first("dir"),
    page: first("page"),
  });
}

/** The service's query, once the environment's slug is resolved (an unknown slug matches nothing). */
export function toServiceQuery(view: DelegationsView, environmentId: number | null): DelegationQuery {
  return {
    environmentId,
    state: view.state,
    expiringWithinDays: view.expiring,
    unusedForDays: view.unused,
    q: view.q,
    sort: view.sort,
    dir: view.dir,
    page: view.page,
  };
}

/** The address of a view: only what differs from the defaults. */
export function delegationsHref(
  view: DelegationsView,
  path = "/tenant/delegations",
  overrides: Partial<DelegationsView> = {},
) {
  const next = { ...view, ...overrides };
  const params = new URLSearchParams();
  if (next.env) params.set("env", next.env);
  if (next.state !== "all") params.set("state", next.state);
  if (next.expiring !== null) params.set("expiring", String(next.expiring));
  if (next.unused !== null) params.set("unused", String(next.unused));
  if (next.q) params.set("q", next.q);
  if (next.sort !== "holder") params.set("sort", next.sort);
  if (next.dir !== "asc") params.set("dir", next.dir);
  if (next.page > 1 && path === "/tenant/delegations") params.set("page", String(next.page));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
