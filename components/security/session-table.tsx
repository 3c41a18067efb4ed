import { getLocale, getTranslations } from "next-intl/server";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { formatDateTime } from "@/lib/i18n/format";

/** An open session as the services list it (one's own, or a user's for the platform admin). */
export interface SessionRecord {
  id: string;
  createdAt: Date | string;
  lastSeenAt: Date | string;
  expiresAt: Date | string;
  clientIp: string | null;
  userAgent: string | null;
  mfa: boolean;
  current?: boolean;
}

/**
 * Open sessions (signed-in browsers), with times in the reader's language; `action` renders a control for a
 * row (signing it out), under the column named `actionsLabel`.
 */
export async function SessionTable({
  caption,
  sessions,
  actionsLabel,
  action,
}: {
  caption: string;
  sessions: SessionRecord[];
  actionsLabel: string;
  action?: (session: SessionRecord) => React.ReactNode;
}) {
  const [t, locale] = await Promise.all([getTranslations("admin"), getLocale()]);
  const headings = [t("sessionCreated"), t("sessionLastSeen"), t("sessionExpires"), t("sessionAddress"), t("sessionBrowser"), t("mfaColumn")];
  return (
    <ScrollRegion label={caption}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            {headings.map((h) => (
              <th key={h} scope="col" className="py-2 pr-3">
                {h}
              </th>
            ))}
            <th scope="col" className="py-2">
              <span className="sr-only">{actionsLabel}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} className="border-b border-slate-200" data-testid="session-row">
              <td className="py-2 pr-3">{formatDateTime(locale, s.createdAt)}</td>
              <td className="py-2 pr-3">{formatDateTime(locale, s.lastSeenAt)}</td>
              <td className="py-2 pr-3">{formatDateTime(locale, s.expiresAt)}</td>
              <td className="py-2 pr-3 font-mono">{s.clientIp ?? ""}</td>
              {/* Wrapped, not cut: a cut text's end is out of reach of the keyboard and of touch. */}
              <td className="max-w-xs py-2 pr-3 break-words">{s.userAgent ?? ""}</td>
              <td className="py-2 pr-3">{s.mfa ? t("mfaOn") : t("mfaOff")}</td>
              <td className="py-2">{s.current ? <strong>{t("sessionCurrent")}</strong> : action?.(s)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
