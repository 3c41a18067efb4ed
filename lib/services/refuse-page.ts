import { attemptedRequest } from "@/lib/audit/emit";
import { ForbiddenError, withDenial } from "./errors";
import { serviceMessage } from "./messages";
import type { ServiceCall } from "./context";
import { withoutTx } from "./transaction";

/** Why a page is not opened for a request the signed-in person did not make themselves (lib/http/same-origin.ts). */
export type PageRefusal = "embedded_request" | "cross_site_read";

/**
 * A page refused before it runs — fetched as part of another page (an image, a frame), or opened from a link
 * on another site, which the person confirms first — recorded as any refusal is: nothing the page would have
 * read or marked as read (a disclosure, a read receipt) is read in their name.
 */
export function refusePage({ ctx, input }: ServiceCall<{ path: string; reason: PageRefusal }>): Promise<never> {
  return withoutTx(ctx, async () => {
    throw withDenial(new ForbiddenError(serviceMessage("pageNotAsked")), {
      action: "access.denied",
      outcome: "denied",
      details: { attempted: attemptedRequest("GET", input.path), reason: input.reason },
    });
  });
}
