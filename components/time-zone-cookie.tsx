"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { TIME_ZONE_COOKIE } from "@/lib/time/zone";

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * Tells the server the browser's time zone, so later pages render times in it with no flash and
 * nothing to correct on hydration. Only when the cookie says otherwise (the first visit, a trip
 * abroad) does it write the cookie, and only when this page was rendered in another zone does it
 * re-render it once. It compares with `reported`, the cookie as sent, not with `rendered`, the zone
 * the server settled on: a zone the server rejects is written once and never loops.
 */
export function TimeZoneCookie({ reported, rendered }: { reported: string | null; rendered: string }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === reported) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=${YEAR_SECONDS}; samesite=lax`;
    if (zone !== rendered) router.refresh();
  }, [reported, rendered, router]);
  return null;
}
