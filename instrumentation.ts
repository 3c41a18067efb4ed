// Runs once when a server process starts: the job queue, and the audit loop that chains committed
// events and asks the queue for checkpoints.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundWork } = await import("./lib/jobs/start");
  await startBackgroundWork();
}
