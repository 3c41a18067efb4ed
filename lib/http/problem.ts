import { isDatabaseUnavailable } from "@/db/unavailable";
import { englishMessage } from "@/lib/i18n/validation";
import { ServiceError, StaleRevisionError, ThrottledError, ValidationError, type FieldError } from "@/lib/services/errors";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const titles: Record<number, string> = {
  400: "Bad request",
  401: "Unauthenticated",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Validation failed",
  428: "Precondition required",
  429: "Too many requests",
  500: "Internal error",
  501: "Not implemented",
  503: "Service unavailable",
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  errors?: FieldError[];
  /** On a stale save (409): the resource as it is now. */
  current?: unknown;
  /** On 429: seconds until the next attempt may be made (also in Retry-After). */
  retryAfterSeconds?: number;
}

/** An RFC 9457 problem document as a response. */
export function problem(status: number, detail: string, requestId: string, extra: Partial<Problem> = {}): Response {
  const body: Problem = {
    type: `urn:kakehashi:problem:${(titles[status] ?? "error").toLowerCase().replaceAll(" ", "-")}`,
    title: titles[status] ?? "Error",
    status,
    detail,
    requestId,
    ...extra,
  };
  const headers: Record<string, string> = { "content-type": PROBLEM_CONTENT_TYPE, "x-request-id": requestId };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="kakehashi"';
  return new Response(JSON.stringify(body), { status, headers });
}

/** 429 with Retry-After (RFC 9110 §10.2.3): whole seconds until the next attempt may be made. */
export function throttled(retryAfterSeconds: number, requestId: string, detail = `Too many failed attempts. Try again in ${retryAfterSeconds} seconds.`): Response {
  const response = problem(429, detail, requestId, { retryAfterSeconds });
  response.headers.set("retry-after", String(Math.max(1, Math.ceil(retryAfterSeconds))));
  return response;
}

/** Maps any error to a problem response. Unexpected errors are logged and never described to the client. */
export function problemFromError(error: unknown, requestId: string): Response {
  if (error instanceof ValidationError) {
    // Schemas speak in catalogue keys (the forms translate them); the API answers them in English.
    return problem(422, error.message, requestId, { errors: error.fieldErrors.map((e) => ({ path: e.path, message: englishMessage(e.message) })) });
  }
  if (error instanceof StaleRevisionError) return problem(409, error.message, requestId, { current: error.current });
  if (error instanceof ThrottledError) return throttled(error.retryAfterSeconds, requestId, error.message);
  if (error instanceof ServiceError) return problem(error.status, error.message, requestId);
  if (isDatabaseUnavailable(error)) {
    console.error(`[${requestId}] database unavailable`, error);
    return problem(503, "The service is temporarily unavailable. Please try again shortly.", requestId);
  }
  console.error(`[${requestId}] unexpected error`, error);
  return problem(500, "An unexpected error occurred. Quote the request id when reporting it.", requestId);
}
