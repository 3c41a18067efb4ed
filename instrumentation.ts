// Runs once when a server process starts: the audit loop chains committed events and seals checkpoints.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAuditLoop } = await import("./lib/audit/background");
  startAuditLoop();
}
