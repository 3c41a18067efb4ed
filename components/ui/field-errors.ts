/** A server's field errors: every message per path, as `ActionResult.fieldErrors` carries them. */
export type FieldErrorMap = Record<string, string[]>;

/** Where a form puts one error: on its field, shown beside the control that holds the value. */
export interface PlacedError<F extends string = string> {
  field: F;
  message: string;
}

/**
 * Splits a server's field errors into those a form shows beside a control and those it cannot: a hidden
 * field's (the user id the form is about), or a path the form has no control for. `fieldFor` answers the
 * form's field for a path, or undefined where no one would see an error put there. The first message of
 * each field is kept (the rest say the same thing at greater length), in the order the server gave them,
 * which is the schema's and so the form's.
 */
export function placeFieldErrors<F extends string>(fieldErrors: FieldErrorMap | undefined, fieldFor: (path: string) => F | undefined): { placed: PlacedError<F>[]; unplaced: string[] } {
  const placed: PlacedError<F>[] = [];
  const unplaced: string[] = [];
  for (const [path, messages] of Object.entries(fieldErrors ?? {})) {
    const message = messages[0];
    if (!message) continue;
    const field = fieldFor(path);
    if (field === undefined) {
      if (!unplaced.includes(message)) unplaced.push(message);
    } else if (!placed.some((p) => p.field === field)) {
      placed.push({ field, message });
    }
  }
  return { placed, unplaced };
}

/** A `fieldFor` for a form whose shown fields are these paths exactly. */
export const shownPaths =
  <F extends string>(...fields: readonly F[]) =>
  (path: string): F | undefined =>
    fields.find((f) => f === path);
