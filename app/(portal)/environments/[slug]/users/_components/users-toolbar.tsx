import type { UserState } from "@/lib/services/directory/environment-users";

/** Search, role and Enabled filters (DOMAIN §8); a plain GET form, so the view lives in the URL. */
export function UsersToolbar({
  q,
  roleId,
  state,
  roles,
}: {
  q: string;
  roleId: number | null;
  state: UserState | null;
  roles: { id: number; name: string }[];
}) {
  return (
    <form method="get" role="search" aria-label="Filter users" className="mb-3 flex items-end gap-2">
      <label className="flex flex-col text-sm">
        <span className="mb-1 font-semibold">Search</span>
        <input
          name="q"
          defaultValue={q}
          placeholder="Name or email"
          className="w-64 rounded-control border border-line bg-surface px-2.5 py-1.5"
        />
      </label>
      <label className="flex flex-col text-sm">
        <span className="mb-1 font-semibold">Security role</span>
        <select
          name="role"
          defaultValue={roleId ?? ""}
          className="rounded-control border border-line bg-surface px-2.5 py-1.5"
        >
          <option value="">Any role</option>
          {roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-sm">
        <span className="mb-1 font-semibold">Enabled</span>
        <select
          name="state"
          defaultValue={state ?? ""}
          className="rounded-control border border-line bg-surface px-2.5 py-1.5"
        >
          <option value="">Enabled and disabled</option>
          <option value="enabled">Enabled only</option>
          <option value="disabled">Disabled only</option>
        </select>
      </label>
      <button
        type="submit"
        className="rounded-control border border-line bg-surface px-3 py-1.5 font-semibold hover:bg-surface-alt"
      >
        Apply
      </button>
    </form>
  );
}
