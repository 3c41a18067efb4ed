import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isDatabaseUnavailable } from "@/db/unavailable";
import { ConflictError, ForbiddenError, NotFoundError, ThrottledError, UnauthenticatedError, ValidationError } from "@/lib/services/errors";
import { serviceMessage } from "@/lib/services/messages";
import { problem, problemFromError, PROBLEM_CONTENT_TYPE, type Problem } from "./problem";

const requestId = "req-12345678";

async function bodyOf(response: Response): Promise<Problem> {
  expect(response.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
  expect(response.headers.get("x-request-id")).toBe(requestId);
  return (await response.json()) as Problem;
}

describe("problemFromError", () => {
  // Unexpected errors are logged on the server; keep the test output quiet.
  let consoleError: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => {
    consoleError.mockRestore();
  });

  it("answers a ValidationError with 422 problem+json listing every field error", async () => {
    const errors = [
      { path: "contactPhone", message: "Enter a phone number." },
      { path: "productCodes.1", message: "Choose a critical product from the list." },
    ];
    const response = problemFromError(new ValidationError(errors), requestId);
    expect(response.status).toBe(422);
    const body = await bodyOf(response);
    expect(body).toMatchObject({ status: 422, title: "Validation failed", requestId, errors });
    expect(body.type).toMatch(/^urn:kakehashi:problem:/);
  });

  it("answers a schema's catalogue keys in English", async () => {
    const response = problemFromError(new ValidationError([{ path: "name", message: "validation.required" }]), requestId);
    expect((await bodyOf(response)).errors).toEqual([{ path: "name", message: "This field is required." }]);
  });

  it("answers a NotFoundError with 404", async () => {
    const response = problemFromError(new NotFoundError("No such company."), requestId);
    expect(response.status).toBe(404);
    expect(await bodyOf(response)).toMatchObject({ status: 404, detail: "No such company.", title: "Not found" });
  });

  it("maps the other service errors to their status", () => {
    expect(problemFromError(new ForbiddenError("no"), requestId).status).toBe(403);
    expect(problemFromError(new ConflictError("stale"), requestId).status).toBe(409);
    const unauthenticated = problemFromError(new UnauthenticatedError(), requestId);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("www-authenticate")).toMatch(/^Bearer /);
  });

  it("answers an unknown error with 500 and never repeats its message", async () => {
    const secret = "relation \"users\" has column password_hash = $argon2id$secret";
    const response = problemFromError(new Error(secret), requestId);
    expect(response.status).toBe(500);
    const text = await response.clone().text();
    expect(text).not.toContain(secret);
    expect(text).not.toContain("password_hash");
    expect(await bodyOf(response)).toMatchObject({ status: 500, requestId });
    expect(consoleError).toHaveBeenCalled();
  });

  it("answers a refused database connection with 503", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const response = problemFromError(refused, requestId);
    expect(response.status).toBe(503);
    const body = await bodyOf(response);
    expect(body.status).toBe(503);
    expect(JSON.stringify(body)).not.toContain("127.0.0.1");
  });

  it("finds a connection fault in the error's cause chain", () => {
    const wrapped = new Error("query failed", { cause: Object.assign(new Error("closed"), { code: "CONNECTION_ENDED" }) });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("dup"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe("problem", () => {
  it("builds an RFC 9457 document", async () => {
    const body = await bodyOf(problem(409, "Stale version.", requestId));
    expect(body).toEqual({ type: "urn:kakehashi:problem:conflict", title: "Conflict", status: 409, detail: "Stale version.", requestId });
  });

  it("answers a throttled caller with 429, Retry-After and the wait in the body", async () => {
    const response = problemFromError(new ThrottledError(7), requestId);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await bodyOf(response)).toMatchObject({ status: 429, title: "Too many requests", retryAfterSeconds: 7, requestId });
  });

  it("answers a throttle with a catalogue message in its English text, with Retry-After", async () => {
    const response = problemFromError(new ThrottledError(3540, serviceMessage("invitationLimit", { limit: 30, minutes: 59 })), requestId);
    expect([response.status, response.headers.get("retry-after")]).toEqual([429, "3540"]);
    expect(await bodyOf(response)).toMatchObject({
      status: 429,
      detail: "You have sent 30 invitations and password-reset links in the last hour, the most allowed. You can send the next in 59 minutes.",
      retryAfterSeconds: 3540,
    });
  });
});
