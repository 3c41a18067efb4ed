import { describe, expect, it } from "vitest";
import { apiMethods } from "./api-route";

const served = async () => new Response("served");
const call = (handler: (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>) =>
  handler(new Request("http://localhost/api/v1/x"), { params: Promise.resolve({}) });

describe("apiMethods", () => {
  it("answers OPTIONS 204 with what the route answers, HEAD with GET", async () => {
    const route = apiMethods({ GET: served, POST: served });
    const response = await call(route.OPTIONS);
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("answers a method the route does not serve 405 problem+json with the same Allow header", async () => {
    const route = apiMethods({ PUT: served });
    const response = await call(route.DELETE);
    expect(response.status).toBe(405);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.headers.get("allow")).toBe("PUT, OPTIONS");
    expect(await (await call(route.PUT)).text()).toBe("served");
  });
});
