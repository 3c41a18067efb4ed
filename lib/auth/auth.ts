import NextAuth, { CredentialsSignin, type Session } from "next-auth";
import type { SignInOutcome } from "@/lib/services/authenticate-user";
import type { Role } from "@/db/schema";
import type { SessionClaims } from "@/lib/services/resolve-session";
import Credentials from "next-auth/providers/credentials";
import { signInSchema } from "@/lib/schemas/sign-in";
import { authenticateUser } from "@/lib/services/authenticate-user";
import { authConfig } from "./auth.config";
import { contextFromHeaders } from "./request-context";
import { SignInRefused, SignInUnavailable } from "./sign-in-outcome";

declare module "next-auth" {
  interface Session {
    userId: string;
    /** The server-side session record; the session is valid only while that record is open. */
    sessionId: string;
    /** The organisation and role the session was opened for; if either changes, the session ends. */
    orgId: string;
    role: Role;
  }
}

/** Auth.js errors a client's request causes, not the server (https://errors.authjs.dev). */
const CLIENT_ERRORS = new Set(["UnknownAction", "InvalidProvider", "MissingCSRF", "InvalidCheck", "InvalidCallbackUrl", "UntrustedHost"]);

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  logger: {
    error(error) {
      const type = (error as { type?: string }).type;
      // A refused password is expected, and already audited.
      if (type === "CredentialsSignin") return;
      // A request of the client's making (an unknown action or provider, a missing CSRF token): one line,
      // not a stack trace per stray request; the client got its 4xx or the sign-in page.
      if (type && CLIENT_ERRORS.has(type)) {
        console.warn(`[auth] refused a request: ${type}`);
        return;
      }
      console.error(error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) throw new CredentialsSignin();
        let outcome: SignInOutcome;
        try {
          const ctx = await contextFromHeaders(request.headers, null);
          outcome = await authenticateUser({ ctx, input: parsed.data });
        } catch (error) {
          console.error("sign-in failed on a dependency", error);
          throw new SignInUnavailable(error);
        }
        if (outcome.kind !== "signed_in") throw new SignInRefused(outcome);
        const { user } = outcome;
        return {
          id: user.userId,
          email: user.email,
          name: user.displayName,
          sessionId: user.sessionId,
          orgId: user.orgId,
          role: user.role,
        };
      },
    }),
  ],
});

/** The claims a session presents to `resolveSession`, or null when it is not a Kakehashi session. */
export function sessionClaims(session: Session | null): SessionClaims | null {
  if (!session?.sessionId || !session.userId || !session.orgId || !session.role) return null;
  return { sessionId: session.sessionId, userId: session.userId, orgId: session.orgId, role: session.role };
}
