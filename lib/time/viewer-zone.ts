import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { resolveTimeZone, TIME_ZONE_COOKIE } from "./zone";

/** The zone the current request's viewer reads times in (UTC until their browser has said). */
export const viewerTimeZone = cache(async (): Promise<string> => {
  const jar = await cookies();
  return resolveTimeZone(jar.get(TIME_ZONE_COOKIE)?.value);
});
