import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { TimeZoneCookie } from "@/components/time-zone-cookie";
import { ViewerTimeZoneProvider } from "@/components/viewer-time-zone";
import { resolveTimeZone, TIME_ZONE_COOKIE } from "@/lib/time/zone";
import { LiveRegions } from "@/components/ui/live-regions";
import "./globals.css";

// Every page carries a fresh script nonce (proxy.ts), which only a page rendered per request can
// have: without this the prerendered not-found page would ship scripts the policy blocks.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Mailgate",
  description: "Decide who may approve mailboxes, and approve them.",
  // public/, drawn by scripts/make-icons.mjs.
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: "/apple-touch-icon.png",
  },
  // An admin portal: kept out of search engines (also public/robots.txt and X-Robots-Tag).
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const reported = (await cookies()).get(TIME_ZONE_COOKIE)?.value ?? null;
  const zone = resolveTimeZone(reported);
  return (
    <html lang="en">
      <body>
        <TimeZoneCookie reported={reported} rendered={zone} />
        <ViewerTimeZoneProvider zone={zone}>{children}</ViewerTimeZoneProvider>
        <LiveRegions />
      </body>
    </html>
  );
}
