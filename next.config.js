import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files relative to its own module; bundled, it fails at the first query.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg-boss", "pg"],
  poweredByHeader: false,
  // The production image runs the traced server (`node server.js`, see the Dockerfile); the demo and
  // the tests keep using `next start` on the same build.
  output: "standalone",
  // Local data folders (the demo's and the tests' embedded databases) are never part of the image.
  outputFileTracingExcludes: { "*": ["data/**", ".scratch/**", ".reports/**", "test-results/**"] },
};

export default withNextIntl(nextConfig);
