import type { z } from "zod";
import { NO_TARGET_ID } from "@/lib/audit/events";
import { fieldErrorsOf } from "@/lib/schemas/field-errors";
import { ValidationError, type FieldError } from "./errors";

// A service checks its caller's input itself, after it has authorized the caller: a request from someone
// who may not act is refused (and the refusal audited) whatever it carries, and a malformed request from
// someone who may act gets its 422 with nothing written. Transports hand such a service the caller's values
// as they arrived, marked `unchecked`; code that calls a service directly (seeds, tests) passes typed values.

declare const uncheckedBrand: unique symbol;
/** A caller's values as they arrived — a request body, a form's submission — not yet checked by anything. */
export type Unchecked = { readonly [uncheckedBrand]: true };
/** What a service that checks its own input accepts: typed values from code, or a transport's raw values. */
export type Input<T> = T | Unchecked;

/** Marks a transport's raw values for a service that checks them after authorizing the caller. */
export const unchecked = (value: unknown): Unchecked => value as Unchecked;

/**
 * Checks input against its schema; every problem answers 422 with its path (under `root` when it is the
 * whole value; an unknown field under its own name) and the schema's message — a catalogue key the forms
 * translate and the API answers in English. Text PostgreSQL could not store as sent is refused here too,
 * before any statement meets it.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root = "(body)"): z.output<S> {
  const parsed = schema.safeParse(value);
  const errors: FieldError[] = parsed.success ? [] : fieldErrorsOf(parsed.error, root);
  errors.push(...unstorableTextErrors(value, root));
  if (!parsed.success || errors.length) throw new ValidationError(errors);
  return parsed.data;
}

/**
 * Checks the envelope a transport puts around a request's body — the id from the path, the revision from
 * If-Match, the body itself as `unknown` — whose body the service then checks with `parseInput` on its
 * own, so that the body's problems are named by the body's paths (`notes`, not `changes.notes`).
 */
export function parseCall<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error, "(body)"));
  return parsed.data;
}

const MAX_TEXT_ERRORS = 20;

type PathLink = { key: string; parent: PathLink | null } | null;

const pathText = (link: PathLink, root: string): string => {
  const keys: string[] = [];
  for (let l = link; l; l = l.parent) keys.push(l.key);
  // A key may itself be the unpaired surrogate refused; the path is answered as well-formed text.
  return keys.length ? keys.reverse().join(".").toWellFormed() : root;
};

/**
 * Why PostgreSQL could not store this text, or null when it can: U+0000 is accepted by neither text nor
 * jsonb, and an unpaired UTF-16 surrogate (which JSON allows as an escape, "\\ud800") is refused by
 * jsonb and silently turned into U+FFFD in text.
 */
function unstorable(text: string): "validation.nulCharacter" | "validation.unpairedSurrogate" | null {
  if (text.includes("\u0000")) return "validation.nulCharacter";
  if (!text.isWellFormed()) return "validation.unpairedSurrogate";
  return null;
}

/**
 * Every string and key of a value that PostgreSQL cannot store as sent (see `unstorable`): a schema that
 * accepts any text would otherwise pass it on to a failing INSERT. Walked without recursion and without
 * copying paths, since a body may nest arrays tens of thousands deep, and each object once: a server
 * action's arguments may share objects or contain themselves (React's "$1" references), and walking every
 * path of forty objects that each point twice to the next would take days, the server frozen meanwhile.
 * A shared object's problems are named at the first path that reaches it.
 */
export function unstorableTextErrors(value: unknown, root = "(body)"): FieldError[] {
  const errors: FieldError[] = [];
  const check = (text: string, link: PathLink) => {
    const reason = unstorable(text);
    if (reason) errors.push({ path: pathText(link, root), message: reason });
  };
  const stack: { value: unknown; link: PathLink }[] = [{ value, link: null }];
  const walked = new WeakSet<object>();
  while (stack.length && errors.length < MAX_TEXT_ERRORS) {
    const { value: v, link } = stack.pop()!;
    if (typeof v === "string") {
      check(v, link);
    } else if (v !== null && typeof v === "object" && !walked.has(v)) {
      walked.add(v);
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const childLink = { key, parent: link };
        check(key, childLink);
        stack.push({ value: child, link: childLink });
      }
    }
  }
  return errors.slice(0, MAX_TEXT_ERRORS);
}

/**
 * The id a caller's input names (in `id`, or the field given), or "(none)" when it names none as text:
 * what a service authorizes against, and the target of a refusal recorded, before the rest of the input
 * is checked. An id that is no id of anything simply finds nothing (404).
 */
export function claimedId(input: unknown, field = "id"): string {
  const id = input !== null && typeof input === "object" ? (input as Record<string, unknown>)[field] : undefined;
  return typeof id === "string" && id !== "" ? id.slice(0, 100) : NO_ID;
}

/** What `claimedId` answers for input that names no id: what the audit log records for it. */
export const NO_ID = NO_TARGET_ID;

/**
 * A revision (of an advisory) or version (of a disclosure) the caller says they read, newer than any there
 * is: bad input (422 on the field), not a read gone stale (409, which would tell them of a newer one).
 */
export function refuseUnknownRevision(given: number | undefined, newest: number, field: "revision" | "version"): void {
  if (given !== undefined && given > newest) {
    throw new ValidationError([{ path: field, message: field === "revision" ? "validation.noSuchRevision" : "validation.noSuchVersion" }]);
  }
}
