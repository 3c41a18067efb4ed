import type { z } from "zod";
import { loadForPage } from "@/lib/auth/page-guard";
import { fieldErrorsOf } from "@/lib/schemas/field-errors";
import { ValidationError, type FieldError } from "@/lib/services/errors";

export type Filtered<T> = { data: T; errors?: undefined } | { data?: undefined; errors: FieldError[] };

/**
 * Runs a filtered service for a console page. Not allowed → the 404 page (audited); filters that do
 * not parse → their field errors as catalogue keys, for the form to show beside each field.
 */
export function loadFiltered<T>(load: () => Promise<T>, schema: z.ZodType, input: unknown): Promise<Filtered<T>> {
  return loadForPage(() =>
    load().then(
      (data): Filtered<T> => ({ data }),
      (error: unknown): Filtered<T> => {
        if (!(error instanceof ValidationError)) throw error;
        const parsed = schema.safeParse(input);
        return { errors: parsed.success ? [] : fieldErrorsOf(parsed.error, "(query)") };
      },
    ),
  );
}

/** The translated error of one filter field of a `loadFiltered` result, or undefined: `errorOf(field)`. */
export function filterErrors<T>(result: Filtered<T>, translate: (key: string) => string): (field: string) => string | undefined {
  return (field) => {
    const key = result.errors?.find((e) => e.path === field)?.message;
    return key ? translate(key) : undefined;
  };
}
