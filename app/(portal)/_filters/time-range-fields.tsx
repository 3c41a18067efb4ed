import { Field } from "@/components/ui/field";
import { tokyoInputValue } from "@/lib/schemas/audit-search";

/**
 * A filter's time range: two datetime-local fields in Japan time, to the second, each with its error. The
 * values are shown as asked (or as the service read them): `from` rounded down to the second, `to` up, so
 * that the range shown holds every instant the range asked for.
 */
export function TimeRangeFields({
  labels,
  values,
  errorOf,
}: {
  labels: { from: string; to: string };
  values: { from: string; to: string };
  errorOf: (field: "from" | "to") => string | undefined;
}) {
  return (
    <>
      <Field label={labels.from} name="from" type="datetime-local" step={1} defaultValue={tokyoInputValue(values.from)} error={errorOf("from")} />
      <Field label={labels.to} name="to" type="datetime-local" step={1} defaultValue={tokyoInputValue(values.to, "up")} error={errorOf("to")} />
    </>
  );
}
