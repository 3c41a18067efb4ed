import type { Executor } from "@/db/client";
import type { AuditEvent } from "@/lib/audit/events";
import { englishText, serviceMessage, type ServiceMessage, type ServiceMessageKey, type ServiceMessageValues } from "./messages";

export type FieldError = { path: string; message: string };

/** Errors a service may raise; each transport maps them to its own shape (problem+json, action result). */
export abstract class ServiceError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** An audit event recorded, in a transaction of its own, after the failed work has been rolled back. */
  denial?: AuditEvent;
  /**
   * Completes `denial` when it is recorded, outside the refused work's transaction, with what the walls
   * hid inside it (the owner of a target the caller may not see).
   */
  completeDenial?: (db: Executor) => Promise<AuditEvent>;
  /** Its denial has been taken to be recorded: the refusal is on record as that, not (a 422 too) as bad input. */
  deniedOnRecord?: boolean;
  /** The catalogue's key for the message (`serviceErrors.…`) and its values, when it has one: forms show it translated. */
  readonly messageKey?: ServiceMessageKey;
  readonly messageValues?: ServiceMessageValues;

  /** `message`: English text for the API only, or a catalogue message (its English text becomes `message`). */
  constructor(message: string | ServiceMessage) {
    super(typeof message === "string" ? message : englishText(message));
    if (typeof message !== "string") {
      this.messageKey = message.key;
      this.messageValues = message.values;
    }
  }
}

export class UnauthenticatedError extends ServiceError {
  readonly status = 401;
  readonly code = "unauthenticated";
  // The API keeps its own English advice (an API token); a form, whose session has ended, says so in the
  // reader's language and asks for a sign-in elsewhere, since reloading would lose what was typed.
  override readonly messageKey: ServiceMessageKey = "signedOut";
  constructor(message = "Sign in or send a valid API token.") {
    super(message);
  }
}

export class ForbiddenError extends ServiceError {
  readonly status = 403;
  readonly code = "forbidden";
}

export class NotFoundError extends ServiceError {
  readonly status = 404;
  readonly code = "not_found";
  constructor(message: string | ServiceMessage = serviceMessage("notFound")) {
    super(message);
  }
}

export class ConflictError extends ServiceError {
  readonly status = 409;
  readonly code = "conflict";
}

/** A save that started from an older revision than the stored one: nothing is written; `current` is the newer data. */
export class StaleRevisionError extends ConflictError {
  constructor(readonly current: unknown) {
    super(serviceMessage("staleDraft"));
  }
}

/** A conditional request without its condition (If-Match). */
export class PreconditionRequiredError extends ServiceError {
  readonly status = 428;
  readonly code = "precondition_required";
}

export class ValidationError extends ServiceError {
  readonly status = 422;
  readonly code = "validation";
  constructor(
    readonly fieldErrors: FieldError[],
    message = "The input is not valid.",
  ) {
    super(message);
  }
}

export class PayloadTooLargeError extends ServiceError {
  readonly status = 413;
  readonly code = "payload_too_large";
}

/** Too many failed attempts from this account or client address: try again after `retryAfterSeconds`. */
export class ThrottledError extends ServiceError {
  readonly status = 429;
  readonly code = "throttled";
  constructor(
    readonly retryAfterSeconds: number,
    message: string | ServiceMessage = `Too many failed attempts. Try again in ${retryAfterSeconds} seconds.`,
  ) {
    super(message);
  }
}

export class BadRequestError extends ServiceError {
  readonly status = 400;
  readonly code = "bad_request";
}

/** The database or another dependency failed: never reported as the caller's fault. */
export class UnavailableError extends ServiceError {
  readonly status = 503;
  readonly code = "unavailable";
  constructor(message = "The service is temporarily unavailable. Please try again shortly.") {
    super(message);
  }
}

export function withDenial<E extends ServiceError>(error: E, denial: AuditEvent, complete?: (db: Executor) => Promise<AuditEvent>): E {
  error.denial = denial;
  error.completeDenial = complete;
  return error;
}

/**
 * The denial a refusal carries, taken from it (so it is recorded once) and completed on `db` when it
 * says how; if completing fails, the denial as it was raised.
 */
export async function takeDenial(error: ServiceError, db: Executor): Promise<AuditEvent | undefined> {
  const { denial, completeDenial } = error;
  error.denial = undefined;
  error.completeDenial = undefined;
  if (denial) error.deniedOnRecord = true;
  if (!denial || !completeDenial) return denial;
  try {
    return await completeDenial(db);
  } catch (failure) {
    console.error("could not complete a denial before recording it", failure);
    return denial;
  }
}
