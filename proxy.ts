import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig, isPublicPath } from "@/lib/auth/auth.config";
import { refuseMethod } from "@/lib/http/methods";
import { isProductionStart, newNonce, securityHeaders } from "@/lib/security/headers";

const { auth } = NextAuth(authConfig);

/**
 * Every page and API request: security headers with a fresh CSP nonce for pages (Next.js reads the
 * nonce from the request's CSP header and puts it on its scripts), and visitors without a session
 * token sent to sign in with a way back. It is never the gate: services authorize.
 */
export function proxy(request: NextRequest, event: NextFetchEvent) {
  // A method no resource here serves (PROPFIND, a PUT to a page): Next.js would render the page for it, or
  // answer the API with a bare 400. TRACE never gets this far (lib/http/method-guard.ts).
  const refusal = refuseMethod(request.method, request.nextUrl.pathname);
  if (refusal) return refusal;
  // API requests only need the headers: Auth.js's session lookup is for the sign-in redirect of pages,
  // and it would cost every API call (the routes resolve their own token or session).
  if (request.nextUrl.pathname.startsWith("/api/")) {
    const response = NextResponse.next();
    const headers = securityHeaders({ production: isProductionStart(), development: process.env.NODE_ENV === "development" });
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }
  // Auth.js types its wrapper as a route handler; as a proxy it passes the fetch event on untouched.
  return pages(request, event as unknown as Parameters<typeof pages>[1]);
}

const pages = auth((request) => {
  const { pathname } = request.nextUrl;
  const nonce = newNonce();
  const headers = securityHeaders({ nonce, production: isProductionStart(), development: process.env.NODE_ENV === "development" });

  let response: NextResponse;
  if (!request.auth?.user && !isPublicPath(pathname)) {
    const signIn = request.nextUrl.clone();
    signIn.pathname = "/sign-in";
    signIn.search = "";
    signIn.searchParams.set("callbackUrl", request.nextUrl.href);
    response = NextResponse.redirect(signIn);
  } else {
    const requestHeaders = new Headers(request.headers);
    // The page's own path and query, for a refusal to name and to lead back to (lib/auth/page-guard.ts).
    requestHeaders.set("x-page-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
    if (nonce) {
      requestHeaders.set("x-nonce", nonce);
      requestHeaders.set("content-security-policy", headers["content-security-policy"]!);
    }
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
});

// Every path but the build's static files and the icon (their headers: next.config.js). A page's address that
// merely ends like a file's (`/company/x.txt`, `/robots.txt`) is a page request like any other.
export const config = {
  matcher: ["/((?!_next/static/|_next/image/|icon\\.svg$).*)"],
};
