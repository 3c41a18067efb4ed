import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { getDb } from "@/db/client";
import type { Actor, RequestContext } from "@/lib/services/context";

/**
 * The client's address as the proxy in front reports it: the first `X-Forwarded-For` entry, else
 * `X-Real-IP`. Only a well-formed IPv4 or IPv6 address counts. Anything else is ignored: it is kept
 * out of the throttle keys and the audit log, where an oversized value would fail validation.
 */
export function clientIpFrom(headers: Headers): string | undefined {
  const candidates = [headers.get("x-forwarded-for")?.split(",")[0], headers.get("x-real-ip")];
  return candidates.map((value) => value?.trim()).find((value): value is string => !!value && value.length <= 45 && isIP(value) !== 0);
}

/** The service context of one request: who, from where, under which request id. */
export async function contextFromHeaders(headers: Headers, actor: Actor | null): Promise<RequestContext> {
  const given = headers.get("x-request-id");
  return {
    db: await getDb(),
    actor,
    requestId: given && /^[A-Za-z0-9._-]{8,100}$/.test(given) ? given : randomUUID(),
    clientIp: clientIpFrom(headers),
    userAgent: headers.get("user-agent") ?? undefined,
  };
}
