// The fault run's API traffic: single requests timed and recorded under a request id of our own (the
// server puts it on the audit event, so a 2xx can be matched to what was written), and the workflows it
// drives — publishing an advisory, verifying the audit log.
import { randomUUID } from "node:crypto";

export interface Outcome {
  kind: string;
  /** The disclosure a submission was for. */
  id?: string;
  requestId: string;
  /** Milliseconds on `performance.now()`'s clock. */
  start: number;
  end: number;
  /** 0: no answer (connection refused or reset, or no answer within the timeout). */
  status: number;
  problemJson: boolean;
  body: string;
}

export const ok = (o: Pick<Outcome, "status">) => o.status >= 200 && o.status < 300;

/** One API request as `token`'s user (anonymous with `null`), with `x-request-id` set; never throws. */
export async function call(base: string, token: string | null, method: string, path: string, kind: string, options: { body?: unknown; id?: string; timeoutMs?: number } = {}): Promise<Outcome> {
  const requestId = `faults-${randomUUID()}`;
  const start = performance.now();
  const headers: Record<string, string> = { "x-request-id": requestId };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
    const body = await response.text();
    const problemJson = (response.headers.get("content-type") ?? "").startsWith("application/problem+json");
    return { kind, id: options.id, requestId, start, end: performance.now(), status: response.status, problemJson, body };
  } catch (error) {
    return { kind, id: options.id, requestId, start, end: performance.now(), status: 0, problemJson: false, body: String(error) };
  }
}

async function expectOk(outcome: Outcome, what: string): Promise<Record<string, unknown>> {
  if (!ok(outcome)) throw new Error(`${what} answered ${outcome.status}: ${outcome.body.slice(0, 500)}`);
  return JSON.parse(outcome.body) as Record<string, unknown>;
}

/**
 * The advise workflow through the API (SPEC §4.3): a reviewer drafts an advisory (by default for every
 * company dealing in permanent magnets) and asks for approval; an approver approves, which publishes it and puts one email per
 * recipient in the outbox, in one transaction.
 */
export async function publishAdvisory(
  base: string,
  tokens: { reviewer: string; approver: string },
  title: string,
  targets: { products?: string[]; organisations?: string[] } = { products: ["permanent_magnets"] },
): Promise<{ id: string; reference: string }> {
  const draft = await expectOk(
    await call(base, tokens.reviewer, "POST", "/api/v1/advisories", "advisory.create", {
      body: {
        title,
        summary: "Export licensing for NdPr oxide is being tightened; check your inventory of magnet alloys.",
        body: "Licences for **NdPr oxide** exports now take up to 45 days.\n\nReview your inventory and qualified alternative suppliers.",
        severity: "high",
        tlp: "GREEN",
        targets,
      },
    }),
    "drafting an advisory",
  );
  const id = String(draft.id);
  await expectOk(await call(base, tokens.reviewer, "POST", `/api/v1/advisories/${id}/request-approval`, "advisory.request_approval"), "asking for approval");
  await expectOk(await call(base, tokens.approver, "POST", `/api/v1/advisories/${id}/approve`, "advisory.approve"), "approving");
  return { id, reference: String(draft.reference) };
}

export interface ServerVerification {
  ok: boolean;
  events: number;
  pending: number;
  checkpoints: number;
  firstBad: unknown;
  waitedMs: number;
}

/**
 * The server's own verification of the audit log (GET /api/v1/audit/verify, as an auditor), repeated until
 * the server's sequencer has chained everything (each call records one more event, chained within a pass).
 */
export async function verifyThroughServer(base: string, auditorToken: string, timeoutMs = 30_000): Promise<ServerVerification> {
  const started = performance.now();
  for (;;) {
    const outcome = await call(base, auditorToken, "GET", "/api/v1/audit/verify", "audit.verify");
    const result = ok(outcome) ? (JSON.parse(outcome.body) as Omit<ServerVerification, "waitedMs">) : null;
    const waitedMs = performance.now() - started;
    if (result && (!result.ok || result.pending === 0)) return { ...result, waitedMs };
    if (waitedMs > timeoutMs) {
      if (result) return { ...result, waitedMs };
      throw new Error(`GET /api/v1/audit/verify answered ${outcome.status}: ${outcome.body.slice(0, 300)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
