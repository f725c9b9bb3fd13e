import Link from "@/components/ui/link";
import { buttonClass } from "@/components/ui/button";
import { Described } from "@/components/ui/form-controls";
import type { DelegationsView } from "./delegations-query";

const CONTROL = "w-full rounded-control border border-line bg-surface px-2.5 py-1.5 text-ink";

const SORTS: Record<DelegationsView["sort"], string> = {
  holder: "Holder",
  environment: "Environment",
  assigned: "Assigned on",
  ends: "End date",
  lastApproval: "Last approval",
};

/** The filters and sort, as a plain GET form: the view lives in the URL, so it can be shared and exported. */
export function DelegationFilters({
  view,
  environments,
}: {
  view: DelegationsView;
  environments: { slug: string; name: string }[];
}) {
  return (
    <form
      method="get"
      action="/tenant/delegations"
      role="search"
      aria-label="Filter delegations"
      className="mb-3 rounded-card bg-surface p-3 shadow-card"
    >
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Described id="filter-env" label="Environment">
          <select id="filter-env" name="env" defaultValue={view.env ?? ""} className={CONTROL}>
            <option value="">Every environment</option>
            {environments.map((env) => (
              <option key={env.slug} value={env.slug}>
                {env.name}
              </option>
            ))}
          </select>
        </Described>
        <Described id="filter-state" label="State">
          <select id="filter-state" name="state" defaultValue={view.state} className={CONTROL}>
            <option value="all">Active and expired</option>
            <option value="active">Active</option>
            <option value="expired">Expired</option>
          </select>
        </Described>
        <Described id="filter-expiring" label="Expiring within (days)">
          <input
            id="filter-expiring"
            name="expiring"
            type="number"
            min={1}
            max={3650}
            defaultValue={view.expiring ?? ""}
            className={CONTROL}
          />
        </Described>
        <Described id="filter-unused" label="Unused for (days)">
          <input
            id="filter-unused"
            name="unused"
            type="number"
            min={1}
            max={3650}
            defaultValue={view.unused ?? ""}
            aria-describedby="filter-unused-hint"
            className={CONTROL}
          />
          <p id="filter-unused-hint" className="mt-1 text-xs text-muted">
            No approval made with the role in that many days.
          </p>
        </Described>
        <Described id="filter-q" label="Holder">
          <input
            id="filter-q"
            name="q"
            type="search"
            defaultValue={view.q}
            placeholder="Start of a name or email"
            className={CONTROL}
          />
        </Described>
        <Described id="filter-sort" label="Sort by">
          <select id="filter-sort" name="sort" defaultValue={view.sort} className={CONTROL}>
            {Object.entries(SORTS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Described>
        <Described id="filter-dir" label="Order">
          <select id="filter-dir" name="dir" defaultValue={view.dir} className={CONTROL}>
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </Described>
      </div>
      <div className="mt-3 flex gap-2">
        <button type="submit" className={buttonClass("primary")}>
          Apply filters
        </button>
        <Link href="/tenant/delegations" className={buttonClass("secondary")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
