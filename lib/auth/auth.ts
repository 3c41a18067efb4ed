import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { signInSchema } from "@/lib/schemas/sign-in";
import { authenticateUser } from "@/lib/services/authenticate-user";
import { authConfig } from "./auth.config";
import { contextFromHeaders } from "./request-context";
import { SignInUnavailable } from "./sign-in-outcome";

declare module "next-auth" {
  interface Session {
    userId: string;
    /** The server-side session record; the session is valid only while that record is open. */
    sessionId: string;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) throw new CredentialsSignin();
        let user;
        try {
          const ctx = await contextFromHeaders(request.headers, null);
          user = await authenticateUser({ ctx, input: parsed.data });
        } catch (error) {
          console.error("sign-in failed on a dependency", error);
          throw new SignInUnavailable(error);
        }
        if (!user) throw new CredentialsSignin();
        return { id: user.userId, email: user.email, name: user.displayName, sessionId: user.sessionId };
      },
    }),
  ],
});
