import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { getDb } from "@/db/client";
import { OPERATOR_REQUEST_PREFIX } from "@/lib/audit/events";
import { PEER_ADDRESS_HEADER } from "@/lib/http/peer-address";
import type { Actor, RequestContext } from "@/lib/services/context";

/**
 * How many proxies in front of the server add to `X-Forwarded-For` (TRUSTED_PROXY_HOPS, default 1: a load
 * balancer or nginx; 0: none, the server is reached directly). Each proxy appends the address it was
 * reached from, so the client is the entry that many places left of the connection's own address;
 * whatever stands to its left the client wrote itself.
 */
export function trustedProxyHops(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TRUSTED_PROXY_HOPS;
  if (raw === undefined || raw === "") return 1;
  const hops = Number(raw);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) throw new Error(`TRUSTED_PROXY_HOPS must be a whole number from 0 to 10, not "${raw}".`);
  return hops;
}

/**
 * The client's address. The chain is `X-Forwarded-For` followed by the connection's own address; the
 * client is the entry `hops` places left of that address (see trustedProxyHops): with no proxy, the
 * connection itself, which no client can choose. Without the connection's address (a handler called
 * directly), the header's entry `hops` places from the right. Only a well-formed IPv4 or IPv6 address
 * counts. Anything else is ignored: it is kept out of the throttle keys and the audit log, where an
 * oversized value would fail validation.
 */
export function clientIpFrom(headers: Headers, hops = trustedProxyHops()): string | undefined {
  const forwarded = headers.get("x-forwarded-for")?.split(",") ?? [];
  const peer = headers.get(PEER_ADDRESS_HEADER);
  const chain = peer ? [...forwarded, peer] : forwarded;
  const value = chain[Math.max(0, chain.length - (peer ? hops + 1 : hops))]?.trim();
  return value && value.length <= 45 && isIP(value) !== 0 ? value : undefined;
}

/**
 * The request's id: a well-formed `X-Request-Id` from the client (or its proxy) is kept, so its logs and
 * ours can be matched; anything else, and an id posing as the operator's command line (whose events the
 * anomaly rules treat apart), gets a new one.
 */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && /^[A-Za-z0-9._-]{8,100}$/.test(given) && !given.startsWith(OPERATOR_REQUEST_PREFIX) ? given : randomUUID();
}

/** The service context of one request: who, from where, under which request id. */
export async function contextFromHeaders(headers: Headers, actor: Actor | null): Promise<RequestContext> {
  return {
    db: await getDb(),
    actor,
    requestId: requestIdFrom(headers),
    clientIp: clientIpFrom(headers),
    userAgent: headers.get("user-agent") ?? undefined,
  };
}
