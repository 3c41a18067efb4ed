import { PreconditionRequiredError } from "@/lib/services/errors";

/** The ETag of a revision-numbered resource. */
export const etagOf = (revision: number) => `"${revision}"`;

/** The ETag header of a resource whose revision the caller may not be told (null): then none. */
export const etagHeaders = (revision: number | null): Record<string, string> => (revision === null ? {} : { etag: etagOf(revision) });

/**
 * The revision named by If-Match: the ETag as sent (`"3"`), or weakened (`W/"3"`, as a compressing proxy
 * may pass it on: the revision is what is compared, never the bytes), or bare (`3`, typed by hand).
 * Required when `required`; otherwise absent means "no condition". A value that names no revision — a
 * list, `*`, a quote left open — is refused like a missing one (428).
 */
export function revisionFromIfMatch(request: Request, required: boolean): number | undefined {
  const header = request.headers.get("if-match");
  if (header === null) {
    if (required) throw new PreconditionRequiredError('Send If-Match with the revision you edited, such as If-Match: "3" (the ETag of GET).');
    return undefined;
  }
  const m = /^\s*(?:(?:W\/)?"([0-9]{1,9})"|([0-9]{1,9}))\s*$/.exec(header);
  if (!m) throw new PreconditionRequiredError('If-Match must name a revision, such as If-Match: "3".');
  return Number(m[1] ?? m[2]);
}
