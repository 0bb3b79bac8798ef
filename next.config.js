// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and socket-heavy packages stay plain Node requires on the server instead of being bundled.
  serverExternalPackages: ['kafkajs', 'better-sqlite3', 'pg', 'kysely'],
  typedRoutes: false,
  // Tests and the build may run side by side; a separate distDir keeps them apart.
  distDir: process.env.NEXT_DIST_DIR || '.next',
};

module.exports = nextConfig;
