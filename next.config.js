// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and socket-heavy packages stay plain Node imports on the server instead of being
  // bundled. @platformatic/kafka must: its codecs load a .wasm file next to their own module
  // (readFileSync(new URL('../dist/native.wasm', import.meta.url)) in @platformatic/wasm-utils)
  // and it picks up the optional native @node-rs/crc32 through createRequire(import.meta.url),
  // both of which resolve against node_modules, not a bundle chunk.
  serverExternalPackages: ['@platformatic/kafka', 'better-sqlite3', 'pg', 'kysely'],
  typedRoutes: false,
  // Tests and the build may run side by side; a separate distDir keeps them apart.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // .data holds the local Kafka logs and the SQLite file: tens of thousands of files once a
  // benchmark has made 5,000 topics. Server code names it at run time, and file tracing would
  // otherwise walk all of it (a build was seen to reach 23 GB and be killed).
  outputFileTracingExcludes: { '*': ['.data/**', '.cache/**', 'bench/results/**', 'test-results/**'] },
  // Security headers on every response; pages get their Content-Security-Policy (with a nonce)
  // from proxy.ts, API answers a CSP that allows nothing, since they are never documents.
  async headers() {
    const common = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'same-origin' },
      { key: 'X-Frame-Options', value: 'DENY' },
      { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
      { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
    ];
    return [
      { source: '/:path*', headers: common },
      // Every /api answer but /api/docs: that one is a page for people and sends its own policy
      // (its inline style sheet by hash, still no script: lib/server/openapi/docs-page.ts). Next
      // applies these headers after the route's own, so the route could not loosen this one.
      { source: '/api/:path((?!docs$).*)', headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

module.exports = nextConfig;
