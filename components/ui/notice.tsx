/**
 * A message region. Errors use role="alert" with their own accessible name, so they are not confused
 * with Next's route announcer (which is also an alert).
 */
export function Notice({ kind, title, children }: { kind: "error" | "success" | "info"; title?: string; children: React.ReactNode }) {
  const styles = {
    error: "border-red-700 bg-red-50 text-red-900",
    success: "border-green-700 bg-green-50 text-green-900",
    info: "border-brand-700 bg-brand-50 text-slate-900",
  }[kind];
  return (
    <div
      role={kind === "error" ? "alert" : "status"}
      aria-label={title}
      className={`mb-4 rounded border-l-4 px-4 py-3 ${styles}`}
      data-testid={`notice-${kind}`}
    >
      {title && <p className="font-semibold">{title}</p>}
      <div>{children}</div>
    </div>
  );
}
