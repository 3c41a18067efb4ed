import { isProductionStart } from "@/lib/security/headers";

const EXAMPLE = "such as https://kakehashi.example";

/**
 * The portal's public address (APP_URL), as its origin without a trailing slash: what invitation and
 * reset emails, advisories' emails, the Atom feed and CSAF documents link to. A production start must
 * be told it (without it, every link would point at localhost); the demo and development fall back to
 * http://localhost:PORT. A value is only an origin — http or https, no credentials (they would travel
 * in every email), no path, query or fragment (links are made by appending a path to it) — and is
 * never repeated in a refusal, lest a password written into it reach the log.
 */
export function appUrlFrom(env: NodeJS.ProcessEnv): string {
  const value = env.APP_URL?.trim();
  if (!value) {
    if (isProductionStart(env)) throw new Error(`APP_URL is not set: a production server needs the portal's public address for the links in its emails, ${EXAMPLE}.`);
    return `http://localhost:${env.PORT || 3000}`;
  }
  if (!URL.canParse(value)) throw new Error(`APP_URL is not an absolute URL: give the portal's public address, ${EXAMPLE}.`);
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`APP_URL must start with http:// or https://, ${EXAMPLE}.`);
  if (url.username || url.password) throw new Error("APP_URL must not carry a user name or password: it is written into every email's links.");
  // An empty query ("…/?") or fragment ("…/#") parses to nothing, yet would still be written into links.
  if (url.search || value.includes("?")) throw new Error(`APP_URL must have no query (?…): give the portal's address alone, ${EXAMPLE}.`);
  if (url.hash || value.includes("#")) throw new Error(`APP_URL must have no fragment (#…): give the portal's address alone, ${EXAMPLE}.`);
  if (url.pathname !== "/") throw new Error(`APP_URL must have no path beyond "/": the portal is served from the root of its address, ${EXAMPLE}.`);
  return url.origin;
}
