import type http from "node:http";
import { isIP } from "node:net";

/**
 * The address a request's connection came from, written by the server before Next.js sees the request
 * (`notePeerAddress`, from lib/http/method-guard.ts). Route handlers cannot see the socket; this header is
 * how they learn it, and a value a client sent under the same name is replaced. lib/auth/request-context.ts
 * reads it as the last hop of the client's address chain.
 */
export const PEER_ADDRESS_HEADER = "x-kakehashi-peer";

/** Writes the connection's address into the request's headers, over anything the client sent as it. */
export function notePeerAddress(request: http.IncomingMessage): void {
  const address = request.socket.remoteAddress;
  // An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d: it is counted as the IPv4 address it is
  // (the throttle counts an IPv6 client by its /64, which would put every IPv4 client in one).
  const plain = address?.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  if (plain) request.headers[PEER_ADDRESS_HEADER] = plain;
  else delete request.headers[PEER_ADDRESS_HEADER];
}
