import "./jitless";
import { z } from "zod";

// Free text one party writes and another reads (a supplier's name, a review comment, an advisory): what the
// reader sees must be what was stored. Characters that reorder the text around them (bidirectional embeddings,
// overrides, isolates) or that cannot be seen are refused, field by field, with one message.

/** Bidirectional embeddings, overrides and isolates: "abc\u202Efed" shows as "abcdef". */
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;
/** In a one-line field: any control or format character (zero-width spaces, joiners, soft hyphens) and line separators. */
const HIDDEN_IN_A_LINE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
/** In a field of several lines: controls other than tab, line feed and carriage return, and the Unicode line separators. */
const HIDDEN_IN_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/u;

/** Whether a text shows what it holds: no direction controls, and nothing hidden for its kind of field. */
export function showsWhatItHolds(text: string, lines: boolean): boolean {
  return !DIRECTION_CONTROLS.test(text) && !(lines ? HIDDEN_IN_LINES : HIDDEN_IN_A_LINE).test(text);
}

/** How many characters of a text can be seen: code points, without format characters (zero-width spaces, joiners) or the spaces around. */
export const visibleLength = (text: string): number => [...text.replace(/\p{Cf}/gu, "").trim()].length;

interface TextRule {
  /** At most this many characters (code points). */
  max: number;
  /** At least this many that can be seen (0: may be empty). */
  min?: number;
  /** The message when fewer can be seen; "validation.required" unless said. */
  short?: string;
  /** A field of several lines (a textarea) rather than one. */
  lines?: boolean;
}

/** Text a person writes for others to read: trimmed, at most `max` characters, at least `min` visible ones, nothing hidden. */
export function writtenText({ max, min = 0, short = "validation.required", lines = false }: TextRule) {
  return z
    .string()
    .trim()
    .min(min, short)
    .max(max, "validation.tooLong")
    .refine((text) => showsWhatItHolds(text, lines), "validation.hiddenCharacters")
    // Said once: text too short by its characters is already refused by `min` (which the API document states).
    .refine((text) => [...text].length < min || visibleLength(text) >= min, short);
}

/** Optional text of one line: absent when left blank, so an item with a blank name and one without are the same item. */
export const optionalLine = (max: number) =>
  writtenText({ max })
    .transform((text) => (text === "" ? undefined : text))
    .optional();

/** A code as typed on a Japanese keyboard: full-width digits and letters (IME input) read as their ASCII forms, spaces around dropped. */
export const typedCode = () => z.string().transform((value) => value.normalize("NFKC").trim());
