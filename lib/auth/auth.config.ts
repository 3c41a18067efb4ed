import type { NextAuthConfig } from "next-auth";
import type { Role } from "@/db/schema";

// The part of the Auth.js configuration that needs no database: pages, token lifetime, and what the
// token carries. Authorization decisions are never taken here; the services take them.
/** Pages a visitor without a session may open: signing in, and following an emailed link. */
const PUBLIC_PAGES = ["/sign-in", "/welcome", "/reset-password", "/forgot-password", "/demo/mailbox"];

export function isPublicPath(pathname: string): boolean {
  return pathname.startsWith("/api/") || PUBLIC_PAGES.includes(pathname);
}

export const authConfig = {
  pages: { signIn: "/sign-in" },
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
