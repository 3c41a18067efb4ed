import { get, type FieldValues, type Path, type UseFormRegister } from "react-hook-form";

const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));

/**
 * react-hook-form's `register` gives an uncontrolled field its starting value only once the form's script
 * runs: until then the server's page shows the field empty, unticked or at its first option, and a box
 * the page showed unticked was ticked again by the script, undoing a click made meanwhile (the assignments
 * form once saved old assignments so). These register a field and also put its starting value — from the
 * defaults the form was given — into the server's page. With `at`, `defaults` are those of the part of
 * the form at that path (an entry of a field array: its fields are named `${at}.…`).
 */
export function shownFields<T extends FieldValues>(register: UseFormRegister<T>, defaults: unknown, at?: string) {
  const start = (name: Path<T>): unknown => get(defaults, at === undefined ? name : name.slice(at.length + 1));
  return {
    /** A text, number, date or single select field. */
    value: (name: Path<T>) => ({ ...register(name), defaultValue: text(start(name)) }),
    /** A select of several values. */
    values: (name: Path<T>) => ({ ...register(name), defaultValue: ((start(name) as unknown[] | undefined) ?? []).map(text) }),
    /** A checkbox of a yes/no field. */
    checked: (name: Path<T>) => ({ ...register(name), defaultChecked: start(name) === true }),
    /** One box of a group (the field is a list of values) or one radio button (the field is one value). */
    choice: (name: Path<T>, value: string) => {
      const chosen = start(name);
      return { ...register(name), value, defaultChecked: Array.isArray(chosen) ? chosen.map(text).includes(value) : text(chosen) === value };
    },
  };
}
