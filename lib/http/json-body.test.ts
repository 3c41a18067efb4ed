import { describe, expect, it } from "vitest";
import { BadRequestError, PayloadTooLargeError, ServiceError, ValidationError } from "@/lib/services/errors";
import { unchecked } from "@/lib/services/input";
import { MAX_BODY_BYTES, readJsonBody, readOptionalJsonBody, withPathParams } from "./json-body";

const url = "http://localhost/api/v1/test";

function jsonRequest(body: string, headers: Record<string, string> = {}): Request {
  return new Request(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
}

/** A body streamed in chunks, so no content-length is known in advance. */
function streamedRequest(totalBytes: number, chunkBytes = 64 * 1024): Request {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) {
        controller.close();
        return;
      }
      const size = Math.min(chunkBytes, totalBytes - sent);
      controller.enqueue(new Uint8Array(size).fill(0x20));
      sent += size;
    },
  });
  const init: RequestInit & { duplex: "half" } = {
    method: "POST",
    body: stream,
    headers: { "content-type": "application/json" },
    duplex: "half",
  };
  return new Request(url, init);
}

async function failureOf(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe("readJsonBody", () => {
  it("reads a JSON body", async () => {
    const body = JSON.stringify({ name: "x", count: 2, tags: ["a"] });
    await expect(readJsonBody(jsonRequest(body))).resolves.toEqual({ name: "x", count: 2, tags: ["a"] });
  });

  it("accepts a +json media type with parameters", async () => {
    const request = jsonRequest(JSON.stringify({ name: "x", count: 1, tags: [] }), {
      "content-type": "application/merge-patch+json; charset=utf-8",
    });
    await expect(readJsonBody(request)).resolves.toMatchObject({ name: "x" });
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "refuses content-type %s with 415",
    async (type) => {
      const error = await failureOf(readJsonBody(jsonRequest("{}", { "content-type": type })));
      expect(error.status).toBe(415);
    },
  );

  it("refuses a request without a content-type with 415", async () => {
    const request = new Request(url, { method: "POST", body: new TextEncoder().encode("{}") });
    expect(request.headers.get("content-type")).toBeNull();
    const error = await failureOf(readJsonBody(request));
    expect(error.status).toBe(415);
  });

  it.each(["{", "{\"name\": 'x'}", "", "nul"])("answers malformed JSON %j with 400", async (text) => {
    const error = await failureOf(readJsonBody(jsonRequest(text)));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.status).toBe(400);
  });

  it("answers a body over 1 MiB with a declared content-length with 413, without reading it", async () => {
    const request = jsonRequest("{}", { "content-length": String(MAX_BODY_BYTES + 1) });
    const error = await failureOf(readJsonBody(request));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error.status).toBe(413);
  });

  it("answers a streamed body over 1 MiB without content-length with 413", async () => {
    const request = streamedRequest(MAX_BODY_BYTES + 1);
    expect(request.headers.get("content-length")).toBeNull();
    const error = await failureOf(readJsonBody(request));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
  });

  it("accepts a streamed body of exactly 1 MiB (it then fails only as JSON)", async () => {
    const error = await failureOf(readJsonBody(streamedRequest(MAX_BODY_BYTES)));
    // A megabyte of spaces is not JSON; what matters is that the size limit did not trip.
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.status).toBe(400);
  });

  it("hands on any well-formed JSON value, unchecked: what it says is the service's to check", async () => {
    await expect(readJsonBody(jsonRequest("[1,2]"))).resolves.toEqual([1, 2]);
    await expect(readJsonBody(jsonRequest(String.raw`{"name":"a\u0000"}`))).resolves.toEqual({ name: "a\u0000" });
  });
});

describe("withPathParams", () => {
  it("lays the path's parameters over a body object", () => {
    expect(withPathParams(unchecked({ reason: "r", id: "forged" }), { id: "from-path" })).toEqual({ reason: "r", id: "from-path" });
  });

  it.each([[[1]], [null], ["text"], [3]])("refuses a body %j that is no JSON object with a (body) field error", (body) => {
    expect(() => withPathParams(unchecked(body), { id: "x" })).toThrow(ValidationError);
  });
});

describe("readOptionalJsonBody", () => {
  it("reads no body, or an empty one, as {} whatever the headers (an empty POST may carry neither length nor type)", async () => {
    await expect(readOptionalJsonBody(new Request(url, { method: "POST" }))).resolves.toEqual({});
    await expect(readOptionalJsonBody(new Request(url, { method: "POST", body: "" }))).resolves.toEqual({});
    await expect(readOptionalJsonBody(jsonRequest(""))).resolves.toEqual({});
    // Streamed with no Content-Length, ending without a byte: still no body.
    await expect(readOptionalJsonBody(streamedRequest(0))).resolves.toEqual({});
  });

  it("reads any other body as readJsonBody does", async () => {
    await expect(readOptionalJsonBody(jsonRequest('{"note":"seen"}'))).resolves.toEqual({ note: "seen" });
    expect((await failureOf(readOptionalJsonBody(new Request(url, { method: "POST", body: "note=x" })))).status).toBe(415);
    expect((await failureOf(readOptionalJsonBody(jsonRequest("{note")))).status).toBe(400);
  });
});
