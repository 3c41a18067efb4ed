import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig, isPublicPath } from "@/lib/auth/auth.config";
import { isProductionStart, newNonce, securityHeaders } from "@/lib/security/headers";

const { auth } = NextAuth(authConfig);

/**
 * Every page and API request: security headers with a fresh CSP nonce for pages (Next.js reads the
 * nonce from the request's CSP header and puts it on its scripts), and visitors without a session
 * token sent to sign in with a way back. It is never the gate: services authorize.
 */
export const proxy = auth((request) => {
  const { pathname } = request.nextUrl;
  const api = pathname.startsWith("/api/");
  const nonce = api ? undefined : newNonce();
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
    if (nonce) {
      requestHeaders.set("x-nonce", nonce);
      requestHeaders.set("content-security-policy", headers["content-security-policy"]!);
    }
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
});

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|txt)$).*)"],
};
