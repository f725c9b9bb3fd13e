"use client";

import { usePathname, useRouter } from "next/navigation";

/** Moves to the same page of another environment (or its overview). */
export function EnvironmentSwitcher({ environments }: { environments: { slug: string; name: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const match = pathname.match(/^\/environments\/([^/]+)(\/[^/]+)?/);
  const current = match?.[1] ?? "";
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="opacity-80">Environment</span>
      <select
        value={current}
        onChange={(e) => e.target.value && router.push(`/environments/${e.target.value}${match?.[2] ?? ""}`)}
        className="rounded-control border border-white/40 bg-transparent px-2 py-1 text-white [&>option]:text-black"
      >
        <option value="">Choose…</option>
        {environments.map((env) => (
          <option key={env.slug} value={env.slug}>
            {env.name}
          </option>
        ))}
      </select>
    </label>
  );
}
