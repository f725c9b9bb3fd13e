/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and hashing modules must stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2"],
  poweredByHeader: false,
};

module.exports = nextConfig;
