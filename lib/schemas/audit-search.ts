import "./jitless";
import { z } from "zod";
import { blankIsAbsent, optional } from "./blank";
import { auditOutcomes } from "@/db/schema/audit";
import { CURSOR_INSTANT, isCursorInstant } from "./cursor";

// Filters of the auditor's search, shared by the console's GET form, the API's query string and the CSV
// export. Query strings arrive as strings, and a GET form sends its empty fields as "": both are absent.

/** The portal's time zone: a date-time without an offset (what a datetime-local input sends) is read in it. */
export const AUDIT_SEARCH_TIME_ZONE = "Asia/Tokyo";
const TOKYO_OFFSET = "+09:00"; // Japan has no daylight saving time.

export const AUDIT_PAGE_SIZE_DEFAULT = 50;
export const AUDIT_PAGE_SIZE_MAX = 200;

export { blankIsAbsent, optional };

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|([+-])(\d{2}):(\d{2}))?$/;

/**
 * An ISO 8601 date-time as PostgreSQL will read it, or null when it is not one: seconds optional, the
 * offset made explicit (Asia/Tokyo when absent) and the fraction cut to microseconds, the database's
 * precision.
 */
export function normaliseDateTime(value: string): string | null {
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = "00", fraction, sign, oh, om] = m as unknown as (string | undefined)[];
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  // setUTCFullYear, not Date.UTC, which takes the years 0–99 for 1900–1999.
  const calendar = new Date(0);
  calendar.setUTCFullYear(year, month - 1, day);
  const validDate = year >= 1 && calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  const validTime = Number(h) < 24 && Number(mi) < 60 && Number(s) < 60;
  const validOffset = sign === undefined || (Number(oh) <= 14 && Number(om) < 60);
  if (!validDate || !validTime || !validOffset) return null;
  const micros = fraction ? `.${fraction.slice(0, 6).padEnd(6, "0")}` : "";
  const offset = sign === undefined ? (value.endsWith("Z") ? "Z" : TOKYO_OFFSET) : `${sign}${oh}:${om}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${micros}${offset}`;
}

/**
 * What a datetime-local input shows for a filter value (which `normaliseDateTime` reads back): Tokyo
 * wall-clock time, to the second — rounded down for the start of a range and up for its end, so that a
 * range searched again from the form never loses an event it held (an anomaly flag links to its events
 * with times to the microsecond, and the end of a range is inclusive).
 */
export function tokyoInputValue(value: string, round: "down" | "up" = "down"): string {
  const normalised = value ? normaliseDateTime(value) : null;
  const ms = normalised ? Date.parse(normalised) : NaN;
  if (!normalised || !Number.isFinite(ms)) return "";
  const second = Math.floor(ms / 1000) * 1000 + (round === "up" && /\.\d*[1-9]/.test(normalised) ? 1000 : 0);
  // Japan has no daylight saving time: Tokyo is always UTC+9.
  return new Date(second + 9 * 3600_000).toISOString().slice(0, 19);
}

/** Microseconds since the epoch of a normalised date-time, to compare two of them exactly. */
export function epochMicros(normalised: string): bigint | null {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{6}))?(Z|[+-]\d{2}:\d{2})$/.exec(normalised);
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  return m && Number.isFinite(ms) ? BigInt(ms) * 1000n + BigInt(m[2] ?? "0") : null;
}

/** A date-time in the query string, normalised (no offset: Asia/Tokyo; fraction cut to microseconds). */
export const dateTime = z
  .string({ error: "validation.dateTime" })
  .transform((value, ctx) => {
    const normalised = normaliseDateTime(value);
    if (normalised === null) {
      ctx.addIssue({ code: "custom", message: "validation.dateTime" });
      return z.NEVER;
    }
    return normalised;
  })
  .meta({ format: "date-time", examples: ["2026-05-01T09:00:00+09:00"] });

/** Where a page of results ends: the last event's time (to the microsecond) and id. */
export interface AuditCursor {
  occurredAt: string;
  id: number;
}

const CURSOR_BODY = new RegExp(`^1\\|(${CURSOR_INSTANT.source})\\|([1-9]\\d{0,15})$`);

export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(`1|${cursor.occurredAt}|${cursor.id}`, "utf8").toString("base64url");
}

/** The cursor, or null for anything this server did not make. */
export function decodeCursor(value: string): AuditCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null;
  const text = Buffer.from(value, "base64url").toString("utf8");
  // Only the canonical encoding: a string that decodes loosely was not made here.
  if (Buffer.from(text, "utf8").toString("base64url") !== value) return null;
  const m = CURSOR_BODY.exec(text);
  if (!m) return null;
  const id = Number(m[2]);
  if (!Number.isSafeInteger(id) || !isCursorInstant(m[1]!)) return null;
  return { occurredAt: m[1]!, id };
}

const cursor = z
  .string({ error: "validation.cursor" })
  .transform((value, ctx) => {
    const decoded = decodeCursor(value);
    if (!decoded) {
      ctx.addIssue({ code: "custom", message: "validation.cursor" });
      return z.NEVER;
    }
    return decoded;
  })
  .meta({ description: "The `nextCursor` of the previous page, as it was given. Opaque." });

/** Text compared with a stored column. PostgreSQL refuses U+0000 in a text parameter (and stores none to match). */
const searchText = z
  .string({ error: "validation.text" })
  .max(200, "validation.tooLong")
  .refine((value) => !value.includes("\u0000"), "validation.nulCharacter");

/** How many actions one search may name (an anomaly rule's link names the few it counts). */
export const AUDIT_ACTIONS_MAX = 10;

const ACTION_NAME = /^[A-Za-z0-9._]{1,100}$/;

/**
 * One action or several, separated by commas (spaces around them ignored): the events with any of them.
 * Parsed to the distinct actions, in the order given. An action the log does not know is no error: it
 * finds nothing, as the log may hold actions the code no longer emits.
 */
const actionList = z
  .string({ error: "validation.action" })
  .transform((value, ctx) => {
    const actions = value.split(",").map((part) => part.replace(/^ +| +$/g, ""));
    if (!actions.every((action) => ACTION_NAME.test(action))) {
      ctx.addIssue({ code: "custom", message: "validation.action" });
      return z.NEVER;
    }
    const distinct = [...new Set(actions)];
    if (distinct.length > AUDIT_ACTIONS_MAX) {
      ctx.addIssue({ code: "custom", message: "validation.tooManyActions" });
      return z.NEVER;
    }
    return distinct;
  })
  .meta({
    description: `The exact action, e.g. auth.sign_in, or up to ${AUDIT_ACTIONS_MAX} separated by commas (events with any of them).`,
    pattern: "^ *[A-Za-z0-9._]{1,100} *(, *[A-Za-z0-9._]{1,100} *)*$",
    examples: ["auth.sign_in", "disclosure.read,profile.read"],
  });

/** The actions of a search as its query parameter takes them: comma-separated. */
export const actionParameter = (actions: readonly string[]): string => actions.join(",");

const filterShape = {
  actor: optional(z.uuid({ error: "validation.uuid" }).meta({ description: "The acting user's id." })),
  organisation: optional(
    z.uuid({ error: "validation.uuid" }).meta({ description: "An organisation id: matches the actor's organisation or the target's." }),
  ),
  action: optional(actionList),
  targetType: optional(searchText.meta({ description: "The exact target type." })),
  targetId: optional(searchText.meta({ description: "The exact target id." })),
  outcome: optional(z.enum(auditOutcomes, { error: "validation.outcome" })),
  clientIp: optional(
    z
      .string({ error: "validation.clientIp" })
      .max(64, "validation.clientIp")
      .regex(/^[0-9A-Fa-f:.]+$/, "validation.clientIp")
      .meta({ description: "The exact client address (IPv4 or IPv6) the events came from.", examples: ["203.0.113.7"] }),
  ),
  from: optional(dateTime.meta({ description: `Events at or after this ISO 8601 date-time (${AUDIT_SEARCH_TIME_ZONE} time when it has no offset).` })),
  to: optional(dateTime.meta({ description: `Events at or before this ISO 8601 date-time (${AUDIT_SEARCH_TIME_ZONE} time when it has no offset); not before \`from\`.` })),
};

export const unknownField = { error: (issue: { code?: string }) => (issue.code === "unrecognized_keys" ? "validation.unknownFilter" : undefined) };

/** Refuses a `to` before its `from` (both normalised by `dateTime`), on `to`. */
export function fromNotAfterTo(value: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  // Runs even when a field failed, with that field unparsed: then there is nothing to compare.
  const [from, to] = [value.from && epochMicros(value.from), value.to && epochMicros(value.to)];
  if (typeof from === "bigint" && typeof to === "bigint" && from > to) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "validation.dateRange" });
  }
}

export const auditSearchSchema = z
  .strictObject(
    {
      ...filterShape,
      limit: z.preprocess(
        blankIsAbsent,
        z.coerce
          .number({ error: "validation.integer" })
          .int("validation.integer")
          .min(1, "validation.pageSize")
          .max(AUDIT_PAGE_SIZE_MAX, "validation.pageSize")
          .default(AUDIT_PAGE_SIZE_DEFAULT)
          .meta({ description: `Events per page, 1 to ${AUDIT_PAGE_SIZE_MAX}.` }),
      ),
      cursor: optional(cursor),
    },
    unknownField,
  )
  .superRefine(fromNotAfterTo)
  .meta({ id: "AuditSearch", description: "Filters of the audit log search; all optional and combined with AND." });

/** The same filters without paging: an export holds every matching event. */
export const auditExportSchema = z
  .strictObject(filterShape, unknownField)
  .superRefine(fromNotAfterTo)
  .meta({ id: "AuditExportFilters", description: "Filters of the audit log export; all optional and combined with AND." });

export type AuditSearch = z.output<typeof auditSearchSchema>;
export type AuditFilters = z.output<typeof auditExportSchema>;

/** A query string as the schema's input; a repeated parameter stays a list, so it is refused, not half-read. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

export const auditEventRecordSchema = z
  .object({
    id: z.number().int().positive(),
    occurredAt: z.string().meta({ description: "UTC, to the microsecond." }),
    actorUserId: z.uuid().nullable(),
    actorEmail: z.string().nullable(),
    actorOrgId: z.uuid().nullable(),
    actorRole: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    targetOrgId: z.uuid().nullable(),
    outcome: z.enum(auditOutcomes),
    purpose: z.string().nullable(),
    requestId: z.string().nullable(),
    clientIp: z.string().nullable(),
    userAgent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    seq: z.number().int().nullable().meta({ description: "Position in the hash chain; null until the sequencer has chained the event." }),
    chainVersion: z.number().int().nullable(),
    hash: z.string().nullable().meta({ description: "SHA-256 of the previous hash and this event, in hex; null until chained." }),
  })
  .meta({ id: "AuditEventRecord", description: "One event of the audit log: metadata only, never business content." });

export type AuditEventRecord = z.infer<typeof auditEventRecordSchema>;

export const auditEventPageSchema = z
  .object({
    items: z.array(auditEventRecordSchema),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  })
  .meta({ id: "AuditEventPage", description: "Events newest first." });

export type AuditEventPage = z.infer<typeof auditEventPageSchema>;
