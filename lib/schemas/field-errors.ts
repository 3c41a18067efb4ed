import "./jitless"; // the missing-value message, set before any input is parsed
import type { z } from "zod";
import type { FieldError } from "@/lib/services/errors";

/** How many unknown fields of one object are named: a body of a thousand made-up keys gets twenty errors back. */
const MAX_UNKNOWN_NAMED = 20;

/**
 * The problems of a failed parse as field errors: each at its path (under `root` when it is the whole
 * value) with the schema's message, a catalogue key. An unknown field is reported under its own name
 * (zod puts the issue on the object that holds it), so the caller learns which one it sent; a name that
 * is no well-formed text is answered as such. Under `(query)` an unknown name is a filter the list does
 * not have, anywhere else a field the body does not take.
 */
export function fieldErrorsOf(error: z.ZodError, root: string): FieldError[] {
  const pathText = (path: PropertyKey[]) => (path.length ? path.map(String).join(".").toWellFormed() : root);
  const unknown = root === "(query)" ? "validation.unknownFilter" : "validation.unknownField";
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.slice(0, MAX_UNKNOWN_NAMED).map((key) => ({ path: pathText([...issue.path, key]), message: unknown }))
      : [{ path: pathText(issue.path), message: issue.message }],
  );
}
