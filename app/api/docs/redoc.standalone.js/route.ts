import fs from "node:fs";
import path from "node:path";

/**
 * Redoc's browser bundle, from the installed package: the reference page needs no other host. Its
 * one hard-coded outside address, the attribution's logo, is pointed at an empty image (which Redoc
 * then hides), so rendering the page never contacts a CDN.
 */
const REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
let bundle: string | null = null;

export function GET() {
  bundle ??= fs
    .readFileSync(
      path.join(/*turbopackIgnore: true*/ process.cwd(), "node_modules", "redoc", "bundles", "redoc.standalone.js"),
      "utf8",
    )
    .replaceAll(REDOCLY_LOGO, "data:,");
  return new Response(bundle, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    },
  });
}
