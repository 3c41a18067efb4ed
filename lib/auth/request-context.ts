import { randomUUID } from "node:crypto";
import { getDb } from "@/db/client";
import type { Actor, RequestContext } from "@/lib/services/context";

export function clientIpFrom(headers: Headers): string | undefined {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || undefined;
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
