// The security headers of every response (SPEC §6). Pages get a Content-Security-Policy with a fresh
// nonce per request (Next.js reads it from the request's CSP header and puts it on its own scripts);
// API responses, which are never rendered, get a policy that allows nothing at all.

export interface HeaderOptions {
  /** The page's nonce; absent for API responses. */
  nonce?: string;
  /** A production start (not the demo, not development): adds HSTS and upgrade-insecure-requests. */
  production: boolean;
  /** `next dev` needs eval for React's debugging aids; a production build never does. */
  development?: boolean;
}

/** A nonce of 128 random bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

export function contentSecurityPolicy({ nonce, production, development }: HeaderOptions): string {
  if (!nonce) return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // The authenticator QR code is a data: URL made on the server.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(production ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(options: HeaderOptions): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(options),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()",
    "cross-origin-opener-policy": "same-origin",
    ...(options.production ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** A production start: `next start` outside the demo. The demo and `next dev` are served over plain HTTP on a laptop. */
export function isProductionStart(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === "production" && env.DEMO_MODE !== "1";
}
