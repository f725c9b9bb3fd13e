"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { SidePanel } from "@/components/ui/side-panel";

/** The detail panel of the event named in the URL; closing it goes back to the list's address. */
export function EventPanel({ title, closeHref, children }: { title: string; closeHref: string; children: ReactNode }) {
  const router = useRouter();
  return (
    <SidePanel title={title} isOpen onClose={() => router.push(closeHref, { scroll: false })}>
      {children}
    </SidePanel>
  );
}
