import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Session } from "next-auth";
import type { Database } from "@/db/client";
import type { AuditEventRow } from "@/db/schema";
import type { ActionResult } from "@/lib/http/action-result";
import type { AuthenticatedUser } from "@/lib/services/authenticate-user";
import { auditEventsOf } from "./test-database";

// Test support only: runs the real transports — API route handlers and server actions — inside the test
// process, as one caller at a time, on a test database. The test file mocks `@/lib/auth/auth`,
// `next/headers` and `next/cache` with `harnessMocks` (vi.mock must sit in the test file itself), and the
// process-wide database is pointed at the test's own.
//
//   vi.mock("@/lib/auth/auth", async (original) => (await import("@/lib/testing/route-harness")).harnessMocks.auth(await original()));
//   vi.mock("next/headers", async () => (await import("@/lib/testing/route-harness")).harnessMocks.headers);
//   vi.mock("next/cache", async () => (await import("@/lib/testing/route-harness")).harnessMocks.cache);

const root = path.resolve(import.meta.dirname, "../..");

/** Who calls: a signed-in session (Auth.js's session object as `auth()` answers it) or nobody. */
let session: Session | null = null;
let requestHeaders = new Headers();
const cookieJar = new Map<string, string>();

export const harnessMocks = {
  auth: <M extends object>(original: M) => ({
    ...original,
    auth: async () => session,
    // A real sign-in or sign-out goes through Auth.js's HTTP handlers, which these tests do not run.
    signIn: async () => {
      throw new Error("signIn is not available in the route harness");
    },
    signOut: async () => undefined,
  }),
  headers: {
    headers: async () => requestHeaders,
    cookies: async () => ({
      get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name)! } : undefined),
      set: (name: string, value: string) => void cookieJar.set(name, value),
      delete: (name: string) => void cookieJar.delete(name),
    }),
  },
  cache: { revalidatePath: () => undefined, revalidateTag: () => undefined },
};

/** Serves `database` as the process-wide database (`getDatabase()` in db/client.ts) for this test file. */
export function useDatabase(database: Database): void {
  (globalThis as { __kakehashiDb?: Promise<Database> }).__kakehashiDb = Promise.resolve(database);
}

/** The session `auth()` answers from now on: the signed-in user's, or none. */
export function actAs(user: AuthenticatedUser | null): void {
  session = user
    ? { userId: user.userId, sessionId: user.sessionId, orgId: user.orgId, role: user.role, user: { email: user.email }, expires: new Date(Date.now() + 3_600_000).toISOString() }
    : null;
}

export interface Outcome {
  status: number;
  /** The parsed JSON body, the text of any other body, or an action's return value. */
  body: unknown;
  contentType: string | null;
  requestId: string;
  /** The audit events written under this request, oldest first. */
  events: AuditEventRow[];
}

function filesNamed(dir: string, name: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name === name)
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** Every API route file (`app/api/…/route.ts`) as its URL pattern, `/api/v1/disclosures/[id]`. */
export function apiRoutePatterns(): string[] {
  return filesNamed("app/api", "route.ts").map((file) => `/${file.replace(/^app\//, "").replace(/\/route\.ts$/, "")}`);
}

/** Every server-action module (`app/…/actions.ts`), relative to the project. */
export function actionModules(): string[] {
  return filesNamed("app", "actions.ts");
}

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** The methods a route module exports, and their handlers. */
export async function routeModule(pattern: string): Promise<Partial<Record<string, RouteHandler>>> {
  return (await import(/* @vite-ignore */ path.join(root, "app", pattern.replace(/^\//, ""), "route.ts"))) as Partial<Record<string, RouteHandler>>;
}

export async function actionModule(file: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
}

let calls = 0;

/**
 * Each call comes from an address of its own (in 198.18.0.0/15, kept for tests), as callers on their own
 * machines do: the per-address throttles count real clients, not this harness's many calls.
 */
function freshRequestHeaders(extra: Record<string, string> = {}): { headers: Headers; requestId: string } {
  const requestId = `harness-${randomUUID()}`;
  const n = calls++ % 131_072;
  const address = `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
  return { headers: new Headers({ "x-request-id": requestId, "user-agent": "route-harness", "x-forwarded-for": address, ...extra }), requestId };
}

export interface RouteCall {
  method: string;
  /** URL pattern, `/api/v1/disclosures/[id]`. */
  route: string;
  params?: Record<string, string | string[]>;
  /** Query parameters; a list is sent as the parameter repeated. */
  query?: Record<string, string | string[]>;
  /** A JSON body (serialised), or a string sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** Calls one API route handler as the current caller. */
export async function callRoute(database: Database, call: RouteCall): Promise<Outcome> {
  const handler = (await routeModule(call.route))[call.method];
  if (!handler) throw new Error(`${call.route} exports no ${call.method} handler`);
  let urlPath = call.route;
  for (const [name, value] of Object.entries(call.params ?? {})) {
    urlPath = urlPath.replace(new RegExp(`\\[\\[?(\\.\\.\\.)?${name}\\]\\]?`), Array.isArray(value) ? value.join("/") : encodeURIComponent(value));
  }
  const url = new URL(`http://harness.test${urlPath}`);
  for (const [key, value] of Object.entries(call.query ?? {})) for (const v of [value].flat()) url.searchParams.append(key, v);
  const jsonBody = call.body !== undefined && typeof call.body !== "string";
  const { headers, requestId } = freshRequestHeaders({ ...(jsonBody ? { "content-type": "application/json" } : {}), ...call.headers });
  const request = new Request(url, {
    method: call.method,
    headers,
    body: call.body === undefined ? undefined : jsonBody ? JSON.stringify(call.body) : (call.body as string),
  });
  const response = await handler(request, { params: Promise.resolve(call.params ?? {}) });
  const contentType = response.headers.get("content-type");
  const text = await response.text();
  let body: unknown = text;
  if (contentType?.includes("json") && text) body = JSON.parse(text);
  return { status: response.status, body, contentType, requestId: response.headers.get("x-request-id") ?? requestId, events: await auditEventsOf(database, requestId) };
}

/** The HTTP status an action's failure code stands for (the same errors the API maps to problem+json). */
const statusOfCode: Record<string, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale: 409,
  exists: 409,
  validation: 422,
  throttled: 429,
  bad_request: 400,
  payload_too_large: 413,
  unavailable: 503,
  internal: 500,
};

function isActionResult(value: unknown): value is ActionResult<unknown> {
  return typeof value === "object" && value !== null && "ok" in value && typeof (value as { ok: unknown }).ok === "boolean";
}

/**
 * Calls one server action as the current caller, its request carrying `extraHeaders` too. An action that
 * answers an ActionResult gets the status its failure code stands for (200 when ok); one that answers
 * anything else, 200; a Next.js redirect, 303.
 */
export async function callAction(database: Database, file: string, name: string, args: unknown[], extraHeaders: Record<string, string> = {}): Promise<Outcome> {
  const action = (await actionModule(file))[name];
  if (typeof action !== "function") throw new Error(`${file} exports no action ${name}`);
  const { headers, requestId } = freshRequestHeaders(extraHeaders);
  requestHeaders = headers;
  let status = 200;
  let body: unknown;
  try {
    body = await (action as (...a: unknown[]) => Promise<unknown>)(...args);
    if (isActionResult(body) && !body.ok) {
      const code = statusOfCode[body.code];
      // Codes of their own (a sign-in step, say) are refusals the caller can act on: 400 unless mapped.
      status = code ?? 400;
    }
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) {
      status = 303;
      body = digest.split(";")[2];
    } else {
      throw error;
    }
  }
  return { status, body, contentType: null, requestId, events: await auditEventsOf(database, requestId) };
}

/** A FormData built from plain fields, as a form posts it. */
export function formData(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(key, v);
  return form;
}
