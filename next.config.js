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
  // The files served without the proxy (its matcher, proxy.ts): the build's scripts and styles, the icon.
  // They carry the headers every other response has (lib/security/headers.ts, checked by e2e
  // account-security), with the policy of a response that is never rendered as a page.
  async headers() {
    const fixed = [
      { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" },
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()" },
      { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ];
    return [
      { source: "/_next/static/:path*", headers: fixed },
      { source: "/icon.svg", headers: fixed },
    ];
  },
};

export default withNextIntl(nextConfig);
