import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BadRequestError, PayloadTooLargeError, ServiceError, ValidationError } from "@/lib/services/errors";
import { MAX_BODY_BYTES, parseJsonBody } from "./json-body";

const schema = z
  .object({
    name: z.string().min(1, "validation.required"),
    count: z.number().int(),
    tags: z.array(z.string()),
  })
  .strict();

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

describe("parseJsonBody", () => {
  it("parses a valid JSON body with the schema", async () => {
    const body = JSON.stringify({ name: "x", count: 2, tags: ["a"] });
    await expect(parseJsonBody(jsonRequest(body), schema)).resolves.toEqual({ name: "x", count: 2, tags: ["a"] });
  });

  it("accepts a +json media type with parameters", async () => {
    const request = jsonRequest(JSON.stringify({ name: "x", count: 1, tags: [] }), {
      "content-type": "application/merge-patch+json; charset=utf-8",
    });
    await expect(parseJsonBody(request, schema)).resolves.toMatchObject({ name: "x" });
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "refuses content-type %s with 415",
    async (type) => {
      const error = await failureOf(parseJsonBody(jsonRequest("{}", { "content-type": type }), schema));
      expect(error.status).toBe(415);
    },
  );

  it("refuses a request without a content-type with 415", async () => {
    const request = new Request(url, { method: "POST", body: new TextEncoder().encode("{}") });
    expect(request.headers.get("content-type")).toBeNull();
    const error = await failureOf(parseJsonBody(request, schema));
    expect(error.status).toBe(415);
  });

  it.each(["{", "{\"name\": 'x'}", "", "nul"])("answers malformed JSON %j with 400", async (text) => {
    const error = await failureOf(parseJsonBody(jsonRequest(text), schema));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.status).toBe(400);
  });

  it("answers a body over 1 MiB with a declared content-length with 413, without reading it", async () => {
    const request = jsonRequest("{}", { "content-length": String(MAX_BODY_BYTES + 1) });
    const error = await failureOf(parseJsonBody(request, schema));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error.status).toBe(413);
  });

  it("answers a streamed body over 1 MiB without content-length with 413", async () => {
    const request = streamedRequest(MAX_BODY_BYTES + 1);
    expect(request.headers.get("content-length")).toBeNull();
    const error = await failureOf(parseJsonBody(request, schema));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
  });

  it("accepts a streamed body of exactly 1 MiB (it then fails only as JSON)", async () => {
    const error = await failureOf(parseJsonBody(streamedRequest(MAX_BODY_BYTES), schema));
    // A megabyte of spaces is not JSON; what matters is that the size limit did not trip.
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.status).toBe(400);
  });

  it("answers wrong types and unknown fields with a ValidationError naming every field path", async () => {
    const body = JSON.stringify({ name: "", count: "three", tags: ["ok", 7], extra: true });
    const error = await failureOf(parseJsonBody(jsonRequest(body), schema));
    expect(error).toBeInstanceOf(ValidationError);
    const fieldErrors = (error as ValidationError).fieldErrors;
    const paths = fieldErrors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "count", "tags.1"]));
    expect(fieldErrors.find((e) => e.path === "name")?.message).toBe("This field is required.");
    // The unknown key is reported too (zod puts it on the object itself).
    expect(fieldErrors.some((e) => e.message.includes("extra"))).toBe(true);
    expect(fieldErrors.length).toBe(4);
  });

  it("refuses U+0000 in any string with a ValidationError naming each path, though the schema accepts the text", async () => {
    // PostgreSQL stores U+0000 in neither text nor jsonb: this body used to reach the INSERT and fail with a 500.
    const body = JSON.stringify({ name: "a\u0000b", count: 1, tags: ["ok", "\u0000"] });
    const error = await failureOf(parseJsonBody(jsonRequest(body), schema));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual([
      { path: "name", message: "Remove the NUL character (U+0000): it cannot be stored." },
      { path: "tags.1", message: "Remove the NUL character (U+0000): it cannot be stored." },
    ]);
  });

  it("refuses an unpaired surrogate escape in a string or a key, which PostgreSQL's jsonb rejects", async () => {
    // JSON allows "\ud800" alone; jsonb refuses it ("Unicode low surrogate must follow a high surrogate"),
    // so such a body reached the INSERT and answered 500 on PostgreSQL. A proper pair is text like any other.
    const body = String.raw`{"name":"a\ud800","count":1,"tags":["\udc00b","\ud83d\ude00"],"\udfff":1}`;
    const error = await failureOf(parseJsonBody(jsonRequest(body), schema));
    expect(error).toBeInstanceOf(ValidationError);
    const surrogate = "Remove the unpaired surrogate (a lone \\ud800–\\udfff escape): it is not valid Unicode text.";
    expect((error as ValidationError).fieldErrors.filter((e) => e.message === surrogate).map((e) => e.path).sort()).toEqual(["name", "tags.0", "\ufffd"]);
    await expect(parseJsonBody(jsonRequest(String.raw`{"name":"\ud83d\ude00","count":1,"tags":[]}`), schema)).resolves.toEqual({ name: "😀", count: 1, tags: [] });
  });

  it("looks for U+0000 in a body nested twenty thousand deep without overflowing the stack", async () => {
    const depth = 20_000;
    const error = await failureOf(parseJsonBody(jsonRequest(`${"[".repeat(depth)}"\\u0000"${"]".repeat(depth)}`), schema));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.at(-1)?.message).toBe("Remove the NUL character (U+0000): it cannot be stored.");
  });

  it("answers a JSON value of the wrong shape at the top with a (body) error", async () => {
    const error = await failureOf(parseJsonBody(jsonRequest("[1,2]"), schema));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual([{ path: "(body)", message: expect.any(String) }]);
  });
});
