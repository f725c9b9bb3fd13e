"use client";

import { createContext, useContext, type ReactNode } from "react";
import { DEFAULT_TIME_ZONE } from "@/lib/time/zone";

const ViewerTimeZone = createContext(DEFAULT_TIME_ZONE);

/** The zone the server resolved for this viewer (root layout), for forms that read or write times. */
export function ViewerTimeZoneProvider({ zone, children }: { zone: string; children: ReactNode }) {
  return <ViewerTimeZone value={zone}>{children}</ViewerTimeZone>;
}

export const useViewerTimeZone = () => useContext(ViewerTimeZone);
