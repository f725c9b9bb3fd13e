import Link from "@/components/ui/link";
import type { TargetView } from "./audit-rows";

/** An event's target: a link to its page while it exists and the viewer may open it, else its label as recorded. */
export function EventTarget({ target }: { target: TargetView | null }) {
  if (!target) return <>—</>;
  return (
    <>
      {target.href ? (
        <Link href={target.href} className="text-brand hover:underline">
          {target.label}
        </Link>
      ) : (
        target.label
      )}
      <span className="block text-xs text-muted">{target.type}</span>
    </>
  );
}
