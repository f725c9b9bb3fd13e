"use client";

import Link from "@/components/ui/link";

/** Unexpected failures: a friendly page; the details stay in the server log. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="max-w-md text-muted">
        The portal could not finish this request. Nothing was changed by the failed step. Try again; if it keeps
        happening, give your administrator this reference: <code>{error.digest ?? "none"}</code>.
      </p>
      <div className="flex gap-3">
        <button
          type="button"
          onClick={reset}
          className="rounded-control bg-brand px-3 py-1.5 font-semibold text-brand-fg"
        >
          Try again
        </button>
        <Link href="/" className="rounded-control border border-line px-3 py-1.5 font-semibold">
          Home
        </Link>
      </div>
    </main>
  );
}
