import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { attemptedRequest } from "@/lib/audit/emit";
import { CONTINUE_TARGET_MAX, continueAddress } from "@/lib/http/continue-target";
import { crossSiteCause } from "@/lib/http/same-origin";
import { refusePage } from "@/lib/services/refuse-page";
import type { Permission } from "@/lib/authz/policy";
import { openPage } from "@/lib/services/open-page";
import { NotFoundError, ForbiddenError, UnauthenticatedError } from "@/lib/services/errors";
import type { RequestContext, Actor } from "@/lib/services/context";
import { currentContext } from "./current-actor";

/**
 * The context of a signed-in page. The proxy already sent visitors without a token to sign in; this
 * catches tokens whose server-side session has ended (signed out, revoked, expired).
 */
export async function requirePageContext(): Promise<RequestContext & { actor: Actor }> {
  const ctx = await currentContext();
  if (!ctx.actor) redirect("/sign-in");
  const refusal = await unaskedPage();
  if (refusal === "embedded_request") notFound();
  if (refusal) redirect(continueAddress(refusal.path));
  return ctx as RequestContext & { actor: Actor };
}

/**
 * A signed-in page the person did not ask for themselves is not opened (same-origin.ts): fetched as part of
 * another page (an image, a frame) it is not found; opened from a link on another site, the confirmation page
 * (/continue) asks first, and the link it offers is of this site (none for an address longer than it leads to).
 * Either is recorded as a refusal, once per request (the portal's layout and the page both ask); a failure to
 * record it goes to the server log and refuses the page all the same. The confirmation page itself is exempt.
 * The path is the one the proxy saw (`x-page-path`, set by proxy.ts over anything the client sent).
 */
const unaskedPage = cache(async (): Promise<"embedded_request" | { path: string } | null> => {
  const requestHeaders = await headers();
  const path = requestHeaders.get("x-page-path") ?? "/";
  if (path === "/continue" || path.startsWith("/continue?")) return null;
  const cause = crossSiteCause("GET", requestHeaders);
  if (cause !== "embedded_request" && cause !== "cross_site_read") return null;
  const ctx = await currentContext();
  await refusePage({ ctx, input: { path, reason: cause } }).catch((failure: unknown) => {
    if (!(failure instanceof ForbiddenError)) console.error(`[${ctx.requestId}] could not record the refusal of ${attemptedRequest("GET", path)}`, failure);
  });
  return cause === "embedded_request" ? cause : { path: path.length <= CONTINUE_TARGET_MAX ? path : "" };
});

/**
 * Runs a service for a page. Whatever is out of the caller's scope, or not allowed to its role,
 * renders as "not found": a page never confirms that something exists.
 */
export async function loadForPage<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    if (error instanceof UnauthenticatedError) redirect("/sign-in");
    throw error;
  }
}

/**
 * A page only roles holding `permission` may open: any other gets the 404 page, and the refusal is
 * audited (`openPage`). `path` names the page in the audit log, as its route is written.
 */
export async function requirePageView(ctx: RequestContext, permission: Permission, path: string): Promise<void> {
  await loadForPage(() => openPage({ ctx, input: { permission, path } }));
}
