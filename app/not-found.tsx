import Link from "@/components/ui/link";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-semibold text-brand">404</p>
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="max-w-md text-muted">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className="font-semibold text-brand hover:underline">
        Go to the home page
      </Link>
    </main>
  );
}
