import { signOutAction } from "../actions";

/** The signed-in user's menu; a disclosure, so it works with the keyboard and without script. */
export function UserMenu({ name, upn }: { name: string; upn: string }) {
  return (
    <details className="relative">
      <summary className="cursor-pointer list-none rounded-control px-2 py-1 hover:bg-white/10" aria-label={`Account menu for ${name}`}>
        <span className="font-semibold">{name}</span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-64 rounded-card bg-surface p-3 text-ink shadow-card">
        <p className="font-semibold">{name}</p>
        <p className="mb-3 text-sm text-muted">{upn}</p>
        <form action={signOutAction}>
          <button type="submit" className="w-full rounded-control border border-line px-3 py-1.5 text-left hover:bg-surface-alt">
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
