import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

// The session cookie's name and attributes as Auth.js sets them under our configuration: a real
// credentials sign-in through Auth.js's own endpoints, on the public address the install names.

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** Signs in through Auth.js at `origin` with the configuration as a server started with `authUrl` loads it; answers the cookies set. */
async function sessionCookieAt(origin: string, authUrl: string | undefined): Promise<string[]> {
  if (authUrl) vi.stubEnv("AUTH_URL", authUrl);
  else vi.stubEnv("AUTH_URL", undefined as unknown as string);
  vi.stubEnv("NEXTAUTH_URL", undefined as unknown as string);
  const { authConfig } = await import("./auth.config");
  const user = { id: "00000000-0000-4000-9000-000000000001", sessionId: "00000000-0000-4000-9000-0000000000aa", orgId: "00000000-0000-4000-8000-000000000001", role: "company_officer" };
  const { handlers } = NextAuth({ ...authConfig, trustHost: true, providers: [Credentials({ credentials: { email: {} }, authorize: () => user })] });

  const csrf = await handlers.GET(new NextRequest(`${origin}/api/auth/csrf`));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const signedIn = await handlers.POST(
    new NextRequest(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
      body: new URLSearchParams({ email: "officer@hoshino.example", csrfToken }),
    }),
  );
  return signedIn.headers.getSetCookie().filter((c) => /session-token/.test(c));
}

describe("the session cookie", () => {
  it("is __Host- on the HTTPS address of an install: Secure, for the whole host, with no Domain", async () => {
    const [cookie, ...more] = await sessionCookieAt("https://kakehashi.example", "https://kakehashi.example");
    expect(more).toEqual([]);
    expect(cookie).toMatch(/^__Host-authjs\.session-token=[^;]+;/);
    const attributes = cookie!.split(";").map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["path=/", "secure", "httponly", "samesite=lax"]));
    expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
  });

  it("keeps Auth.js's own name where no HTTPS address is configured (the demo on plain HTTP)", async () => {
    const [cookie] = await sessionCookieAt("http://localhost:3000", undefined);
    expect(cookie).toMatch(/^authjs\.session-token=[^;]+;/);
    expect(cookie!.toLowerCase()).not.toContain("secure");
  });
});
