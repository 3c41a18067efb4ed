// Runs once when a server process starts: the guard in front of every request (before any is served: the
// connection's address for the handlers, and methods Next.js cannot take), the job queue, and the audit
// loop that chains committed events and asks the queue for checkpoints.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { guardIncomingRequests } = await import("./lib/http/method-guard");
  guardIncomingRequests();
  const { startBackgroundWork } = await import("./lib/jobs/start");
  await startBackgroundWork();
}
