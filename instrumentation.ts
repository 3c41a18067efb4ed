// Runs once when a server process starts: the guard for methods Next.js cannot take (before any request is
// served), the job queue, and the audit loop that chains committed events and asks the queue for checkpoints.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { guardUnrepresentableMethods } = await import("./lib/http/method-guard");
  guardUnrepresentableMethods();
  const { startBackgroundWork } = await import("./lib/jobs/start");
  await startBackgroundWork();
}
