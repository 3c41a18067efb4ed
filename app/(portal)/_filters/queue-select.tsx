import { SelectField } from "@/components/ui/select-field";

/**
 * An agency list's first filter: its work queue (`queue=true`, what awaits the reader) or everything in
 * the reader's scope (`queue=false`), in the list's own words.
 */
export function QueueSelect({ queue, error, labels }: { queue: boolean; error: string | undefined; labels: { show: string; queue: string; all: string } }) {
  return (
    <SelectField
      label={labels.show}
      name="queue"
      defaultValue={queue ? "true" : "false"}
      error={error}
      options={[
        { value: "true", label: labels.queue },
        { value: "false", label: labels.all },
      ]}
    />
  );
}
