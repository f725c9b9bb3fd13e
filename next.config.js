/**
 * Behind a proxy that does not forward the public host, the browser's Origin is MAILGATE_ORIGIN
 * while Next sees the internal host: its own server action check must accept that origin too
 * (proxy.ts already refuses every other). Read when the server starts, not at build time. The
 * server checks every variable in lib/env.ts; this file runs before it and accepts the same values.
 */
function allowedOrigins() {
  const origin = process.env.MAILGATE_ORIGIN;
  if (!origin) return undefined;
  let url = null;
  try {
    url = new URL(origin);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new Error(
      `Invalid environment variable: MAILGATE_ORIGIN=${JSON.stringify(origin)} must be the portal's public origin, like https://mailgate.example.com.`,
    );
  }
  return [url.host];
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and hashing modules must stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2"],
  poweredByHeader: false,
  // page.bench.tsx files (the bench's diagnostics page) are pages only in a build made for the
  // bench with MAILGATE_DIAGNOSTICS=1; any other build leaves them out of its routes entirely.
  pageExtensions: ["tsx", "ts", "jsx", "js", ...(process.env.MAILGATE_DIAGNOSTICS === "1" ? ["bench.tsx"] : [])],
  // Lets parallel work trees of one checkout build side by side (NEXT_DIST_DIR=.next-other).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  experimental: {
    serverActions: { allowedOrigins: allowedOrigins() },
  },
};

module.exports = nextConfig;
