"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { TIME_ZONE_COOKIE } from "@/lib/time/zone";

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * Tells the server the browser's time zone, so later pages render times in it with no flash and
 * nothing to correct on hydration. Only when the cookie says otherwise (the first visit, a trip
 * abroad) does it write the cookie and re-render the page once. `reported` is the cookie as sent,
 * not the zone the server settled on, so a zone the server rejects cannot cause a refresh loop.
 */
export function TimeZoneCookie({ reported }: { reported: string | null }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === reported) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=${YEAR_SECONDS}; samesite=lax`;
    router.refresh();
  }, [reported, router]);
  return null;
}
