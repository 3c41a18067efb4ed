// Errors of the database driver that mean it cannot be reached (refused, reset, timed out, shut down),
// not that the statement was wrong: callers answer 503 and record nothing, since nothing can be recorded.
const connectionCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "57P01", "57P03"]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && connectionCodes.has(e.code)) return true;
  }
  return false;
}
