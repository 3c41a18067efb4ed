import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest, type NextFetchEvent } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { guardIncomingRequests } from "./method-guard";
import { PEER_ADDRESS_HEADER } from "./peer-address";
import { refuseMethod } from "./methods";

describe("refuseMethod", () => {
  it("lets a page's methods and every method an API route can answer through", () => {
    for (const method of ["GET", "HEAD", "POST"]) expect(refuseMethod(method, "/disclosures")).toBeNull();
    for (const method of ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]) expect(refuseMethod(method, "/api/v1/me")).toBeNull();
  });

  it("answers any other method on a page 405 naming the page methods", async () => {
    for (const method of ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]) {
      const response = refuseMethod(method, "/sign-in");
      expect(response?.status, method).toBe(405);
      expect(response?.headers.get("allow")).toBe("GET, HEAD, POST");
      expect(response?.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("answers a method no API resource serves 501 problem+json", async () => {
    const response = refuseMethod("PROPFIND", "/api/v1/x");
    expect(response?.status).toBe(501);
    expect(response?.headers.get("content-type")).toBe("application/problem+json");
    expect(response?.headers.get("cache-control")).toBe("no-store");
    expect(await response?.json()).toMatchObject({ status: 501, title: "Not implemented", detail: "No API resource answers PROPFIND." });
  });
});

describe("the proxy", () => {
  const event = {} as NextFetchEvent;

  it("refuses a method no resource serves before Auth.js or a route sees it", async () => {
    const api = await proxy(new NextRequest("http://localhost/api/v1/me", { method: "PROPFIND" }), event);
    expect(api?.status).toBe(501);
    expect(api?.headers.get("content-type")).toBe("application/problem+json");
    const page = await proxy(new NextRequest("http://localhost/sign-in", { method: "PUT" }), event);
    expect(page?.status).toBe(405);
    expect(page?.headers.get("allow")).toBe("GET, HEAD, POST");
  });

  it("passes an API route's own methods on to it", async () => {
    const response = await proxy(new NextRequest("http://localhost/api/v1/me", { method: "DELETE" }), event);
    expect(response?.headers.get("x-middleware-next")).toBe("1");
  });
});

describe("the server's guard for requests Next.js cannot take", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A server whose listener does what Next.js does first: make a fetch Request of the request. */
  async function nextLikeServer(): Promise<number> {
    // A class of its own, so that the guard does not stay on every server of the test process.
    class GuardedServer extends http.Server {}
    guardIncomingRequests(GuardedServer.prototype);
    server = new GuardedServer((request, response) => {
      try {
        new Request(`http://localhost${request.url}`, { method: request.method });
        response.end(request.url === "/peer" ? String(request.headers[PEER_ADDRESS_HEADER]) : "served");
      } catch {
        response.writeHead(500).end("Internal Server Error");
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  }

  function send(port: number, method: string, path: string, headers: http.OutgoingHttpHeaders = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port, method, path, headers }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      });
      request.on("error", reject);
      request.end();
    });
  }

  it("answers TRACE as the proxy would, and leaves every other method to the listener", async () => {
    const port = await nextLikeServer();
    const api = await send(port, "TRACE", "/api/v1/me");
    expect(api.status).toBe(501);
    expect(api.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(api.body)).toMatchObject({ status: 501, detail: "No API resource answers TRACE." });
    const page = await send(port, "TRACE", "/");
    expect(page.status).toBe(405);
    expect(page.headers.allow).toBe("GET, HEAD, POST");
    expect((await send(port, "GET", "/")).body).toBe("served");
    expect((await send(port, "PROPFIND", "/")).body).toBe("served");
  });

  it("answers a path whose percent-escapes do not decode with 400, and leaves a well-formed one to the listener", async () => {
    const port = await nextLikeServer();
    for (const path of ["/api/v1/disclosures/%ZZ", "/api/v1/advisories/%FF/csaf", "/api/health/%E0%A4"]) {
      const api = await send(port, "GET", path);
      expect([path, api.status, api.headers["content-type"]]).toEqual([path, 400, "application/problem+json"]);
      expect(JSON.parse(api.body)).toMatchObject({ status: 400, detail: "The request's path holds a percent-escape that does not decode to UTF-8 text." });
      expect(api.headers["x-content-type-options"]).toBe("nosniff");
    }
    const page = await send(port, "GET", "/company/disclosures/%ZZ");
    expect([page.status, page.headers["content-type"]]).toEqual([400, "text/plain; charset=utf-8"]);
    expect(page.body).toContain("This address is not valid");
    expect(page.body).toContain("このアドレスは正しくありません");
    // Escapes that decode (a space, Japanese text) and a query the route reads itself go on.
    for (const path of ["/company/disclosures/a%20b", "/api/v1/x/%E6%97%A5", "/api/health?x=%ZZ"]) expect((await send(port, "GET", path)).body).toBe("served");
  });

  // Route handlers cannot see the socket; the client's address is read from this header (request-context.ts).
  it("tells the listener the connection's address, over whatever the client sent under that name", async () => {
    const port = await nextLikeServer();
    expect((await send(port, "GET", "/peer")).body).toBe("127.0.0.1");
    expect((await send(port, "GET", "/peer", { [PEER_ADDRESS_HEADER]: "198.51.100.99" })).body).toBe("127.0.0.1");
  });
});
