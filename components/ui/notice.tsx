/**
 * A message region. Errors use role="alert" with their own accessible name, so they are not confused
 * with Next's route announcer (which is also an alert). `live={false}` drops the role, for a notice put
 * into a live region that stays on the page (a region mounted with its text is often not announced).
 */
export function Notice({ kind, title, live = true, children }: { kind: "error" | "success" | "info"; title?: string; live?: boolean; children: React.ReactNode }) {
  const styles = {
    error: "border-red-700 bg-red-50 text-red-900",
    success: "border-green-700 bg-green-50 text-green-900",
    info: "border-brand-700 bg-brand-50 text-slate-900",
  }[kind];
  return (
    <div
      role={live ? (kind === "error" ? "alert" : "status") : undefined}
      aria-label={live ? title : undefined}
      className={`mb-4 rounded border-l-4 px-4 py-3 ${styles}`}
      data-testid={`notice-${kind}`}
    >
      {title && <p className="font-semibold">{title}</p>}
      <div>{children}</div>
    </div>
  );
}

/**
 * A status region on the page from the start, which a form's success notice is put into once there is one
 * (`children`; nothing, false or "" for none yet): a region mounted together with its text is often not
 * announced, and the notice inside has no live role of its own.
 */
export function SuccessRegion({ title, testId = "form-status", children }: { title?: string; testId?: string; children?: React.ReactNode }) {
  return (
    <div role="status" data-testid={testId}>
      {children ? (
        <Notice kind="success" live={false} title={title}>
          {children}
        </Notice>
      ) : null}
    </div>
  );
}
