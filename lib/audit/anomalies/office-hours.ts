import { sql, type SQL } from "drizzle-orm";
import { auditEvents } from "@/db/schema";

// Office hours are weekdays from `start` (included) to `end` (excluded), Asia/Tokyo wall-clock time.
// Japanese public holidays are not known here: a change on one is judged as on any weekday.

export const OFFICE_TIME_ZONE = "Asia/Tokyo";

export interface OfficeHours {
  start: number;
  end: number;
}

export type OfficeHoursBreach = "weekend" | "before_hours" | "after_hours";

const tokyoParts = new Intl.DateTimeFormat("en-US", { timeZone: OFFICE_TIME_ZONE, weekday: "short", hour: "2-digit", hourCycle: "h23" });

/** Why an instant is outside office hours, or null when it is within them. */
export function officeHoursBreach(instant: Date, hours: OfficeHours): OfficeHoursBreach | null {
  const parts = tokyoParts.formatToParts(instant);
  const weekday = parts.find((p) => p.type === "weekday")?.value;
  const hour = Number(parts.find((p) => p.type === "hour")?.value);
  if (weekday === "Sat" || weekday === "Sun") return "weekend";
  if (hour < hours.start) return "before_hours";
  if (hour >= hours.end) return "after_hours";
  return null;
}

/** The same test in SQL, on an event's time (ISO day of week: Saturday 6, Sunday 7). */
export function outsideOfficeHoursSql(hours: OfficeHours): SQL {
  const local = sql`(${auditEvents.occurredAt} at time zone ${sql.raw(`'${OFFICE_TIME_ZONE}'`)})`;
  return sql`(extract(isodow from ${local}) >= 6 or extract(hour from ${local}) < ${hours.start} or extract(hour from ${local}) >= ${hours.end})`;
}
