import "./jitless";
import { z } from "zod";
import { blankIsAbsent } from "./blank";

// The parts of our keyset cursors that go back to PostgreSQL as parameters: a position in time and a
// row id. A cursor is opaque to clients, but one can be forged, so each part must be one the database
// reads, or the list fails on the cast instead of refusing the cursor.

/** A UTC instant to the microsecond, as `to_char(… 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` writes it. */
export const CURSOR_INSTANT = /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z/;

/** A UUID in the form PostgreSQL writes it. */
export const CURSOR_UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * Whether an instant in CURSOR_INSTANT form is on the calendar: a real day (no 30 February, which
 * Date.parse rolls into March), hours to 23, and a year from 1 (PostgreSQL has no year 0).
 */
export function isCursorInstant(text: string): boolean {
  if (!new RegExp(`^${CURSOR_INSTANT.source}$`).test(text) || text.startsWith("0000")) return false;
  const millis = `${text.slice(0, 23)}Z`;
  const parsed = new Date(millis);
  return Number.isFinite(parsed.getTime()) && parsed.toISOString() === millis;
}

// A page size's message names its bound: the audit log's lists go to 200, the disclosures' and advisories' to 100.
const pageSizeMessages = { 100: "validation.pageSizeTo100", 200: "validation.pageSize" } as const;

/** The page size of a keyset-paged list: a whole number from 1 to `max`, `fallback` when absent or blank. */
export function pageSizeSchema(max: keyof typeof pageSizeMessages, fallback: number) {
  const message = pageSizeMessages[max];
  return z.preprocess(
    blankIsAbsent,
    z.coerce.number({ error: message }).int(message).min(1, message).max(max, message).default(fallback).meta({ description: `Items per page, 1 to ${max}.` }),
  );
}
