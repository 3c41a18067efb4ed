import type { z } from "zod";
import type { FieldError } from "@/lib/services/errors";
import en from "./messages/en.json";

/** The English catalogue entry at a dotted key (`validation.required`, `advisories.validation.tlp`), if any. */
function catalogueEntry(key: string): string | undefined {
  let node: unknown = en;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

const CATALOGUE_KEY = /^[a-zA-Z]+(\.[a-zA-Z0-9_]+)+$/;

/** Schema messages are catalogue keys (`validation.required`); the API answers them in English. */
export function englishMessage(message: string): string {
  return CATALOGUE_KEY.test(message) ? (catalogueEntry(message) ?? message) : message;
}

export function fieldErrorsFrom(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join(".") : "(body)",
    message: englishMessage(issue.message),
  }));
}
