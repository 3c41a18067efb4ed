import { cache } from "react";
import { headers } from "next/headers";
import { resolveSession } from "@/lib/services/resolve-session";
import type { RequestContext } from "@/lib/services/context";
import { auth, sessionClaims } from "./auth";
import { contextFromHeaders } from "./request-context";

/**
 * The service context for the current page or server action, with the signed-in actor if the
 * Auth.js token names a server-side session that is still open. Cached for the request.
 */
export const currentContext = cache(async (): Promise<RequestContext> => {
  const [session, requestHeaders] = await Promise.all([auth(), headers()]);
  const ctx = await contextFromHeaders(requestHeaders, null);
  const claims = sessionClaims(session);
  if (!claims) return ctx;
  const actor = await resolveSession({ ctx, input: claims });
  return { ...ctx, actor };
});
