import type { z } from "zod";
import { fieldErrorsFrom } from "@/lib/i18n/validation";
import { BadRequestError, PayloadTooLargeError, ValidationError } from "@/lib/services/errors";

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

/** Reads a JSON body of at most 1 MiB and parses it with the schema; every failure is a typed 4xx. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new UnsupportedMediaTypeError("Send the body as application/json.");
  }
  const text = await readLimited(request);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError("The body is not well-formed JSON.");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
  return parsed.data;
}
