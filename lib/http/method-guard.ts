import http from "node:http";
import { refuseMalformedPath } from "./malformed-path";
import { refuseMethod } from "./methods";
import { notePeerAddress } from "./peer-address";

/**
 * Methods no fetch Request can carry (the Fetch standard forbids them). Next.js makes a Request of every
 * request for the proxy before any of our code runs, and answered the constructor's TypeError with a bare
 * 500. Node's parser itself refuses TRACK (400), and CONNECT goes to a `connect` listener there is none of:
 * TRACE is the one that arrives, but all three are answered here.
 */
const UNREPRESENTABLE = new Set(["CONNECT", "TRACE", "TRACK"]);

const installed = Symbol.for("kakehashi.methodGuard");

type Emit = http.Server["emit"];

/**
 * In front of Next's own request listener, for every request: notes the connection's address for the
 * handlers (peer-address.ts: they cannot see the socket, and the client's address is read from it), and
 * answers a request Next.js cannot take as the proxy would answer it: a method no Request can carry (405
 * on a page, 501 problem+json on the API), a path whose percent-escapes do not decode (400: malformed-path.ts). Next.js creates its server before the instrumentation hook runs and offers no way in before the
 * proxy, hence the server's `emit`; installed once per process.
 */
export function guardIncomingRequests(prototype: { emit: Emit } = http.Server.prototype): void {
  const target = prototype as { emit: Emit; [installed]?: true };
  if (Object.hasOwn(target, installed)) return;
  target[installed] = true;
  const emit = target.emit;
  target.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      notePeerAddress(request);
      const method = request.method ?? "";
      const refusal = UNREPRESENTABLE.has(method)
        ? (refuseMethod(method, pathnameOf(request.url)) ?? new Response(null, { status: 405 }))
        : refuseMalformedPath(pathnameOf(request.url));
      if (refusal) {
        void answer(request, response, refusal);
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as Emit;
}

async function answer(request: http.IncomingMessage, response: http.ServerResponse, refusal: Response): Promise<void> {
  try {
    const body = Buffer.from(await refusal.arrayBuffer());
    request.resume();
    response.writeHead(refusal.status, { ...Object.fromEntries(refusal.headers), "content-length": String(body.length) });
    response.end(body);
  } catch (error) {
    console.error("method guard: could not answer", error);
    if (!response.headersSent) response.writeHead(refusal.status, { "content-length": "0" });
    response.end();
  }
}

/** The path of a request target in any form (origin, absolute); a target no URL parser takes is no API path. */
function pathnameOf(target: string | undefined): string {
  try {
    return new URL(target ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}
