import Link from "next/link";
import { ScrollRegion } from "@/components/ui/scroll-region";

export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  organisation: string;
  role: string;
  status: string;
  mfa: string;
  openSessions: number;
  href?: string;
  /** The link's accessible name, naming the user ("Manage user@example.com"). */
  hrefLabel?: string;
}

/** The users an administrator manages, one row each. */
export function UserTable({ caption, rows, labels }: { caption: string; rows: UserRow[]; labels: Record<"email" | "name" | "organisation" | "role" | "status" | "mfa" | "sessions" | "manage", string> }) {
  return (
    <ScrollRegion label={caption}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            {(["email", "name", "organisation", "role", "status", "mfa", "sessions"] as const).map((h) => (
              <th key={h} scope="col" className="py-2 pr-3">
                {labels[h]}
              </th>
            ))}
            <th scope="col" className="py-2">
              <span className="sr-only">{labels.manage}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-200" data-testid="user-row">
              <td className="py-2 pr-3 font-mono">{r.email}</td>
              <td className="py-2 pr-3">{r.displayName}</td>
              <td className="py-2 pr-3">{r.organisation}</td>
              <td className="py-2 pr-3">{r.role}</td>
              <td className="py-2 pr-3">{r.status}</td>
              <td className="py-2 pr-3">{r.mfa}</td>
              <td className="py-2 pr-3">{r.openSessions}</td>
              <td className="py-2">
                {r.href && (
                  <Link href={r.href} className="underline" aria-label={r.hrefLabel}>
                    {labels.manage}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
