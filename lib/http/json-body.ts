import { BadRequestError, PayloadTooLargeError, ValidationError } from "@/lib/services/errors";
import { unchecked, type Unchecked } from "@/lib/services/input";

export const MAX_BODY_BYTES = 1024 * 1024;

class UnsupportedMediaTypeError extends BadRequestError {
  override readonly status = 415 as 400;
}

async function readLimited(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new PayloadTooLargeError(`The body is larger than ${MAX_BODY_BYTES} bytes.`);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new PayloadTooLargeError(`The body is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a JSON body of at most 1 MiB. Only its form is checked here (media type, size, well-formed JSON):
 * what it says is for the service to check, after it has authorized the caller (lib/services/input.ts).
 */
export async function readJsonBody(request: Request): Promise<Unchecked> {
  requireJsonType(request);
  return parsedJson(await readLimited(request));
}

/**
 * A JSON body the caller may leave out: none at all, or one of zero bytes, reads as `{}` whatever its
 * headers say (a client may send neither Content-Length nor Content-Type with an empty POST); any other
 * body is read as `readJsonBody` reads it.
 */
export async function readOptionalJsonBody(request: Request): Promise<Unchecked> {
  const text = await readLimited(request);
  if (text === "") return unchecked({});
  requireJsonType(request);
  return parsedJson(text);
}

function requireJsonType(request: Request): void {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new UnsupportedMediaTypeError("Send the body as application/json.");
  }
}

function parsedJson(text: string): Unchecked {
  try {
    return unchecked(JSON.parse(text));
  } catch {
    throw new BadRequestError("The body is not well-formed JSON.");
  }
}

/**
 * A body object with the path's parameters laid over it (`{ justification }` + `{ id }`), for a service
 * whose input is both. A body that is no JSON object is refused here, as a matter of form like bad JSON.
 */
export function withPathParams(body: Unchecked, params: Record<string, string>): Unchecked {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new ValidationError([{ path: "(body)", message: "validation.jsonObject" }]);
  return unchecked({ ...body, ...params });
}
