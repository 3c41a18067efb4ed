export interface SessionRow {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  clientIp: string;
  userAgent: string;
  mfa: string;
  current?: boolean;
}

/** Open sessions (signed-in browsers); `action` renders a revoke control for a row. */
export function SessionTable({
  caption,
  rows,
  labels,
  action,
}: {
  caption: string;
  rows: SessionRow[];
  labels: Record<"created" | "lastSeen" | "expires" | "address" | "browser" | "mfa" | "current" | "actions", string>;
  action?: (row: SessionRow) => React.ReactNode;
}) {
  return (
    // A keyboard user scrolls a table wider than the screen (a tablet) once it has the focus, as DataTable's.
    <div className="overflow-x-auto" role="region" aria-label={caption} tabIndex={0}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            {(["created", "lastSeen", "expires", "address", "browser", "mfa"] as const).map((h) => (
              <th key={h} scope="col" className="py-2 pr-3">
                {labels[h]}
              </th>
            ))}
            <th scope="col" className="py-2">
              <span className="sr-only">{labels.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-200" data-testid="session-row">
              <td className="py-2 pr-3">{r.createdAt}</td>
              <td className="py-2 pr-3">{r.lastSeenAt}</td>
              <td className="py-2 pr-3">{r.expiresAt}</td>
              <td className="py-2 pr-3 font-mono">{r.clientIp}</td>
              {/* Wrapped, not cut: a cut text's end is out of reach of the keyboard and of touch. */}
              <td className="max-w-xs py-2 pr-3 break-words">
                {r.userAgent}
              </td>
              <td className="py-2 pr-3">{r.mfa}</td>
              <td className="py-2">{r.current ? <strong>{labels.current}</strong> : action?.(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
