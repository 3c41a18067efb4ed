import type { z } from "zod";
import { englishMessage, fieldErrorsFrom } from "@/lib/i18n/validation";
import { BadRequestError, PayloadTooLargeError, ValidationError, type FieldError } from "@/lib/services/errors";

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
  const errors = [...(parsed.success ? [] : fieldErrorsFrom(parsed.error)), ...unstorableTextErrors(value)];
  if (!parsed.success || errors.length) throw new ValidationError(errors);
  return parsed.data;
}

const MAX_TEXT_ERRORS = 20;

type PathLink = { key: string; parent: PathLink | null } | null;

const pathText = (link: PathLink): string => {
  const keys: string[] = [];
  for (let l = link; l; l = l.parent) keys.push(l.key);
  // A key may itself be the unpaired surrogate refused; the path is answered as well-formed text.
  return keys.length ? keys.reverse().join(".").toWellFormed() : "(body)";
};

/**
 * Why PostgreSQL could not store this text, or null when it can: U+0000 is accepted by neither text nor
 * jsonb, and an unpaired UTF-16 surrogate (which JSON allows as an escape, "\\ud800") is refused by
 * jsonb and silently turned into U+FFFD in text.
 */
function unstorable(text: string): "validation.nulCharacter" | "validation.unpairedSurrogate" | null {
  if (text.includes("\u0000")) return "validation.nulCharacter";
  if (!text.isWellFormed()) return "validation.unpairedSurrogate";
  return null;
}

/**
 * Every string and key of a JSON value that PostgreSQL cannot store as sent (see `unstorable`): a schema
 * that accepts any text would otherwise pass it on to a failing INSERT. Walked without recursion and
 * without copying paths, since a body may nest arrays tens of thousands deep.
 */
export function unstorableTextErrors(value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const check = (text: string, link: PathLink) => {
    const reason = unstorable(text);
    if (reason) errors.push({ path: pathText(link), message: englishMessage(reason) });
  };
  const stack: { value: unknown; link: PathLink }[] = [{ value, link: null }];
  while (stack.length && errors.length < MAX_TEXT_ERRORS) {
    const { value: v, link } = stack.pop()!;
    if (typeof v === "string") {
      check(v, link);
    } else if (v !== null && typeof v === "object") {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const childLink = { key, parent: link };
        check(key, childLink);
        stack.push({ value: child, link: childLink });
      }
    }
  }
  return errors.slice(0, MAX_TEXT_ERRORS);
}
