import type { NextAuthConfig } from "next-auth";
import type { Role } from "@/db/schema";

// The part of the Auth.js configuration that needs no database: pages, token lifetime, and what the
// token carries. Authorization decisions are never taken here; the services take them.
/** Pages a visitor without a session may open: signing in, and following an emailed link. */
const PUBLIC_PAGES = ["/sign-in", "/welcome", "/reset-password", "/forgot-password", "/demo/mailbox", "/privacy"];

export function isPublicPath(pathname: string): boolean {
  return pathname.startsWith("/api/") || PUBLIC_PAGES.includes(pathname);
}

/**
 * The session cookie's name and attributes. Served over HTTPS (`AUTH_URL` names an https address, as it
 * must behind the TLS proxy of a production install), it is `__Host-authjs.session-token`: the browser
 * takes it only from a secure origin, for the whole host and no other (`Secure`, `Path=/`, no `Domain`;
 * ASVS V3.4.4), so neither a sibling subdomain nor a plain-HTTP page can set or shadow it. Otherwise
 * Auth.js's own choice stands (`__Secure-` on a request that came over HTTPS, a plain name on the demo's
 * HTTP, where a `__Host-` cookie could not be set at all).
 */
export function sessionCookies(authUrl: string | undefined): NextAuthConfig["cookies"] {
  if (!authUrl?.startsWith("https://")) return undefined;
  return {
    sessionToken: { name: "__Host-authjs.session-token", options: { httpOnly: true, sameSite: "lax", path: "/", secure: true } },
  };
}

export const authConfig = {
  // Auth.js's own error page is English-only and not ours: its errors land on the sign-in page (`?error=`).
  pages: { signIn: "/sign-in", error: "/sign-in" },
  cookies: sessionCookies(process.env.AUTH_URL ?? process.env.NEXTAUTH_URL),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  trustHost: process.env.AUTH_TRUST_HOST === "true" || process.env.NODE_ENV !== "production",
  providers: [],
  callbacks: {
    // Only sends visitors without a token to sign in (with a way back); it is never the gate.
    authorized({ auth, request }) {
      return isPublicPath(request.nextUrl.pathname) || Boolean(auth?.user);
    },
    jwt({ token, user }) {
      if (user) {
        const u = user as { id?: string; sessionId?: string; orgId?: string; role?: string };
        token.sub = u.id;
        token.sid = u.sessionId;
        token.org = u.orgId;
        token.role = u.role;
      }
      return token;
    },
    session({ session, token }) {
      return {
        ...session,
        userId: token.sub as string,
        sessionId: token.sid as string,
        orgId: token.org as string,
        role: token.role as Role,
      };
    },
  },
} satisfies NextAuthConfig;
