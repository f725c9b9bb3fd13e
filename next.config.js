/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and hashing modules must stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2"],
  poweredByHeader: false,
  // Lets parallel work trees of one checkout build side by side (NEXT_DIST_DIR=.next-other).
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

module.exports = nextConfig;
