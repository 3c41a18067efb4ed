import type { z } from "zod";
import type { FieldError } from "@/lib/services/errors";
import en from "./messages/en.json";

const validationMessages: Record<string, string> = en.validation;

/** Schema messages are catalogue keys (`validation.required`); the API answers them in English. */
export function englishMessage(message: string): string {
  return message.startsWith("validation.") ? (validationMessages[message.slice("validation.".length)] ?? message) : message;
}

export function fieldErrorsFrom(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join(".") : "(body)",
    message: englishMessage(issue.message),
  }));
}
