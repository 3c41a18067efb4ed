import { notFound, redirect } from "next/navigation";
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
  return ctx as RequestContext & { actor: Actor };
}

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
